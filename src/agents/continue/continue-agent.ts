import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const continueAgent: AgentDescription = {
  id: "continue",
  displayName: "Continue CLI",
  aliases: ["cn"],
  loadReader: async () => (await import("./continue-reader.ts")).continueReader,
  // Checked against `cn --help` of Continue CLI 1.5.47 (installed under /tmp/agents-continue).
  launch: {
    binary: "cn",
    // A positional prompt starts the interactive session on it; `-p` prints and exits.
    prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES },
    headless: { args: ["-p"], prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES }, stdin: null },
    // `--resume` takes no id (the folder's last session); `--fork <id>` copies one.
    resume: null,
    sessionIdFlag: null,
    // `--model` adds a hub model (owner/package), not the session's model name.
    flags: { model: null, approval: null, yolo: ["--auto"], cwd: null },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
