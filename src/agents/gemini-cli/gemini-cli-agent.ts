import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const geminiCliAgent: AgentDescription = {
  id: "gemini-cli",
  displayName: "Gemini CLI",
  aliases: ["gemini"],
  loadReader: async () => (await import("./gemini-cli-reader.ts")).geminiCliReader,
  // Checked against `gemini --help` of Gemini CLI 0.61.0 (installed under /tmp/agents-gemini).
  // Its headless mode reads a piped stdin as the prompt ("-p … Appended to input on
  // stdin"); that is from the help, not yet from a live run.
  launch: {
    binary: "gemini",
    // A positional prompt starts the interactive UI with it (`-i`); `-p` runs headless.
    prompt: { flag: "-i", maxBytes: ARGUMENT_MAX_BYTES },
    headless: { args: [], prompt: { flag: "-p", maxBytes: ARGUMENT_MAX_BYTES }, stdin: [] },
    resume: ["--resume", "{id}"],
    sessionIdFlag: "--session-id",
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
