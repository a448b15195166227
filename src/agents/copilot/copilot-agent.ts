import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

/** Seed 001 names Copilot: baton reads its sessions and writes its session-state file. */
export const copilotAgent: AgentDescription = {
  id: "copilot",
  displayName: "GitHub Copilot",
  aliases: ["github-copilot"],
  loadReader: async () => (await import("./copilot-reader.ts")).copilotReader,
  launch: {
    binary: "copilot",
    prompt: { via: "argument", flag: "-p", maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["--resume", "{id}"],
    flags: { model: "--model", approval: null, cwd: null },
  },
  sessionStatePath: ".github/copilot-session-state.json",
  sessionEnv: null,
};
