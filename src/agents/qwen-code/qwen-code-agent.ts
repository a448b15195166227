import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const qwenCodeAgent: AgentDescription = {
  id: "qwen-code",
  displayName: "Qwen Code",
  aliases: ["qwen"],
  loadReader: async () => (await import("./qwen-code-reader.ts")).qwenCodeReader,
  launch: {
    binary: "qwen",
    // A positional prompt runs one-shot; `-i` keeps the session interactive after it.
    prompt: { via: "argument", flag: "-i", maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["--resume", "{id}"],
    flags: { model: "--model", approval: "--approval-mode", cwd: null },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
