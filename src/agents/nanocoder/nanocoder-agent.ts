import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const nanocoderAgent: AgentDescription = {
  id: "nanocoder",
  displayName: "Nanocoder",
  aliases: [],
  loadReader: async () => (await import("./nanocoder-reader.ts")).nanocoderReader,
  // Checked against `nanocoder --help` of Nanocoder 1.30.0 (installed under /tmp/agents-nanocoder).
  launch: {
    binary: "nanocoder",
    // It takes no prompt interactively: `nanocoder run <prompt>` works the prompt through
    // and exits, and the session is kept (`--resume <id>` opens it interactively).
    prompt: { flag: "run", maxBytes: ARGUMENT_MAX_BYTES },
    headless: { args: ["run"], prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES }, stdin: null },
    resume: ["--resume", "{id}"],
    sessionIdFlag: null,
    flags: {
      model: { flag: "--model" },
      approval: { flag: "--mode", modes: ["normal", "auto-accept", "yolo", "plan"] },
      yolo: ["--mode", "yolo"],
      cwd: null,
    },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
