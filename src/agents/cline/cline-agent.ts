import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const clineAgent: AgentDescription = {
  id: "cline",
  displayName: "Cline CLI",
  aliases: [],
  loadReader: async () => (await import("./cline-reader.ts")).clineReader,
  launch: {
    binary: "cline",
    // A positional prompt starts a task in act mode; `-i` opens the terminal interface.
    prompt: { via: "argument", flag: null, maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["--id", "{id}"],
    flags: { model: "--model", approval: null, cwd: "--cwd" },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
