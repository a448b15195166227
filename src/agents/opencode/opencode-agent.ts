import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const openCodeAgent: AgentDescription = {
  id: "opencode",
  displayName: "OpenCode",
  aliases: [],
  loadReader: async () => (await import("./opencode-reader.ts")).openCodeReader,
  launch: {
    binary: "opencode",
    prompt: { via: "argument", flag: "--prompt", maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["--session", "{id}"],
    flags: { model: "--model", approval: null, cwd: null },
  },
  sessionStatePath: ".opencode/.session-state.json",
  sessionEnv: null,
};
