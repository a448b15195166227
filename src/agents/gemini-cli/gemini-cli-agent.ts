import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const geminiCliAgent: AgentDescription = {
  id: "gemini-cli",
  displayName: "Gemini CLI",
  aliases: ["gemini"],
  loadReader: async () => (await import("./gemini-cli-reader.ts")).geminiCliReader,
  launch: {
    binary: "gemini",
    // A positional prompt starts the interactive UI with it (`-i`); `-p` runs headless.
    prompt: { via: "argument", flag: "-i", maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["--resume", "{id}"],
    flags: { model: "--model", approval: "--approval-mode", cwd: null },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
