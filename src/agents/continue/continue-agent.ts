import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const continueAgent: AgentDescription = {
  id: "continue",
  displayName: "Continue CLI",
  aliases: ["cn"],
  loadReader: async () => (await import("./continue-reader.ts")).continueReader,
  launch: {
    binary: "cn",
    // A positional prompt starts the interactive session on it; `-p` would print and exit.
    prompt: { via: "argument", flag: null, maxBytes: ARGUMENT_MAX_BYTES },
    // `--resume` takes no id (the folder's last session); `--fork <id>` copies one.
    resume: null,
    flags: { model: null, approval: null, cwd: null },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
