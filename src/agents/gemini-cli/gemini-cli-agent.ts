import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const geminiCliAgent: AgentDescription = {
  id: "gemini-cli",
  displayName: "Gemini CLI",
  aliases: ["gemini"],
  loadReader: async () => (await import("./gemini-cli-reader.ts")).geminiCliReader,
  // From the live harness (test/support/agents/run-gemini.ts) and `gemini --help`'s
  // documented `-i`; not a devDependency, so not checked here.
  launch: {
    binary: "gemini",
    // A positional prompt starts the interactive UI with it (`-i`); `-p` runs headless.
    prompt: { flag: "-i", maxBytes: ARGUMENT_MAX_BYTES },
    headless: { args: [], prompt: { flag: "-p", maxBytes: ARGUMENT_MAX_BYTES }, stdin: null },
    resume: ["--resume", "{id}"],
    sessionIdFlag: null,
    flags: {
      model: { flag: "--model" },
      approval: { flag: "--approval-mode", modes: ["default", "auto_edit", "yolo", "plan"] },
      yolo: ["--yolo"],
      cwd: null,
    },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
