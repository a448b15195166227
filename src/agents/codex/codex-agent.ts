import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const codexAgent: AgentDescription = {
  id: "codex",
  displayName: "Codex",
  aliases: [],
  loadReader: async () => (await import("./codex-reader.ts")).codexReader,
  launch: {
    binary: "codex",
    prompt: { via: "argument", flag: null, maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["resume", "{id}"],
    flags: { model: "--model", approval: "--ask-for-approval", cwd: "--cd" },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
