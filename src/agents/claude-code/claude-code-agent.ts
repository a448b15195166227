import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const claudeCodeAgent: AgentDescription = {
  id: "claude-code",
  displayName: "Claude Code",
  aliases: ["claude"],
  loadReader: async () => (await import("./claude-code-reader.ts")).claudeCodeReader,
  // Checked against `claude --help` of Claude Code 2.1.197.
  launch: {
    binary: "claude",
    prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES },
    // `claude -p` without a prompt argument reads it from stdin.
    headless: { args: ["-p"], prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES }, stdin: [] },
    resume: ["--resume", "{id}"],
    sessionIdFlag: "--session-id",
    flags: {
      model: { flag: "--model" },
      approval: {
        flag: "--permission-mode",
        modes: ["acceptEdits", "auto", "bypassPermissions", "default", "dontAsk", "plan"],
      },
      yolo: ["--dangerously-skip-permissions"],
      cwd: null,
    },
  },
  sessionStatePath: ".claude/.session-state.json",
  // Exported inside its Bash tool: the transcript file's base name.
  sessionEnv: "CLAUDE_CODE_SESSION_ID",
};
