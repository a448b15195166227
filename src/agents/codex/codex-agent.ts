import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const codexAgent: AgentDescription = {
  id: "codex",
  displayName: "Codex",
  aliases: [],
  loadReader: async () => (await import("./codex-reader.ts")).codexReader,
  // Checked against `codex --help` and `codex exec --help` of Codex 0.169.0.
  launch: {
    binary: "codex",
    prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES },
    // `codex exec -` reads the prompt from stdin; exec has no --ask-for-approval.
    headless: {
      args: ["exec"],
      prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES },
      stdin: ["-"],
      without: ["approval"],
    },
    resume: ["resume", "{id}"],
    sessionIdFlag: null,
    flags: {
      model: { flag: "--model" },
      approval: { flag: "--ask-for-approval", modes: ["on-request", "never"] },
      yolo: ["--dangerously-bypass-approvals-and-sandbox"],
      cwd: "--cd",
    },
  },
  sessionStatePath: null,
  // Set for the commands Codex 0.169.0 runs (checked in an offline run): the thread id,
  // which is the rollout's session id.
  sessionEnv: "CODEX_THREAD_ID",
};
