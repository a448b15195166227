import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

/** Seed 001 names Copilot: baton reads its sessions and writes its session-state file. */
export const copilotAgent: AgentDescription = {
  id: "copilot",
  displayName: "GitHub Copilot",
  aliases: ["github-copilot"],
  loadReader: async () => (await import("./copilot-reader.ts")).copilotReader,
  // Checked against `copilot --help` of Copilot CLI 1.0.102 (installed under /tmp/agents-copilot).
  launch: {
    binary: "copilot",
    prompt: { flag: "-i", maxBytes: ARGUMENT_MAX_BYTES },
    headless: { args: [], prompt: { flag: "-p", maxBytes: ARGUMENT_MAX_BYTES }, stdin: null },
    resume: ["--resume", "{id}"],
    sessionIdFlag: "--session-id",
    flags: { model: { flag: "--model" }, approval: null, yolo: ["--yolo"], cwd: "-C" },
  },
  sessionStatePath: ".github/copilot-session-state.json",
  // Set for the shell commands and MCP servers Copilot runs (1.0.29 on; seen in an offline run
  // of 1.0.102): the session id, which names its session-state folder.
  sessionEnv: "COPILOT_AGENT_SESSION_ID",
};
