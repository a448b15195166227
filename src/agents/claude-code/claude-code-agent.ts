import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const claudeCodeAgent: AgentDescription = {
  id: "claude-code",
  displayName: "Claude Code",
  aliases: ["claude"],
  loadReader: async () => (await import("./claude-code-reader.ts")).claudeCodeReader,
  launch: {
    binary: "claude",
    prompt: { via: "argument", flag: null, maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["--resume", "{id}"],
    flags: { model: "--model", approval: "--permission-mode", cwd: null },
  },
  sessionStatePath: ".claude/.session-state.json",
  // Exported inside its Bash tool: the transcript file's base name.
  sessionEnv: "CLAUDE_CODE_SESSION_ID",
};
