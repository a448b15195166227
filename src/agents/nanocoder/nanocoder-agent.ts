import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const nanocoderAgent: AgentDescription = {
  id: "nanocoder",
  displayName: "Nanocoder",
  aliases: [],
  loadReader: async () => (await import("./nanocoder-reader.ts")).nanocoderReader,
  launch: {
    binary: "nanocoder",
    // `nanocoder run <prompt>` works the prompt through and exits; the session is kept.
    prompt: { via: "argument", flag: "run", maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["--resume", "{id}"],
    flags: { model: "--model", approval: "--mode", cwd: null },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
