import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const kiloAgent: AgentDescription = {
  id: "kilo",
  displayName: "Kilo CLI",
  aliases: ["kilocode"],
  loadReader: async () => (await import("./kilo-reader.ts")).kiloReader,
  // From the live harness (test/support/agents/run-kilo.ts): OpenCode's command line. Not
  // checked against the binary here (its platform package would not install).
  launch: {
    binary: "kilo",
    prompt: { flag: "--prompt", maxBytes: ARGUMENT_MAX_BYTES },
    headless: {
      args: ["run"],
      prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES, words: true },
      stdin: null,
    },
    resume: ["--session", "{id}"],
    sessionIdFlag: null,
    flags: {
      model: { flag: "--model", withProvider: true },
      approval: null,
      yolo: ["--auto"],
      cwd: null,
    },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
