import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const qwenCodeAgent: AgentDescription = {
  id: "qwen-code",
  displayName: "Qwen Code",
  aliases: ["qwen"],
  loadReader: async () => (await import("./qwen-code-reader.ts")).qwenCodeReader,
  // Checked against `qwen --help` of Qwen Code 0.15.10 (installed under /tmp/agents-qwen).
  launch: {
    binary: "qwen",
    // A positional prompt runs one-shot; `-i` keeps the session interactive after it.
    prompt: { flag: "-i", maxBytes: ARGUMENT_MAX_BYTES },
    headless: { args: [], prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES }, stdin: null },
    resume: ["--resume", "{id}"],
    sessionIdFlag: "--session-id",
    flags: {
      model: { flag: "--model" },
      approval: { flag: "--approval-mode", modes: ["plan", "default", "auto-edit", "yolo"] },
      yolo: ["--yolo"],
      cwd: null,
    },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
