import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const clineAgent: AgentDescription = {
  id: "cline",
  displayName: "Cline CLI",
  aliases: [],
  loadReader: async () => (await import("./cline-reader.ts")).clineReader,
  // Checked against `cline --help` of Cline CLI 3.0.65 (installed under /tmp/agents-cline).
  launch: {
    binary: "cline",
    // `-i` opens the terminal interface on the prompt; a bare positional prompt runs the task
    // in act mode with tools auto-approved and exits.
    prompt: { flag: "-i", maxBytes: ARGUMENT_MAX_BYTES },
    headless: { args: [], prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES }, stdin: null },
    resume: ["--id", "{id}"],
    sessionIdFlag: null,
    flags: {
      model: { flag: "--model" },
      approval: null,
      yolo: ["--auto-approve", "true"],
      cwd: "--cwd",
    },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
