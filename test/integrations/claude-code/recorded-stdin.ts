/**
 * Hook stdin as Claude Code 2.1.197 sent it (recorded with a project hook that appended
 * its stdin to a file, in a run against the scripted model server), with the session's
 * paths turned into parameters. Order of a `/compact` run: PreCompact, then
 * SessionStart(compact), then PostCompact.
 */
export interface RecordedPaths {
  sessionId: string;
  transcriptPath: string;
  cwd: string;
}

export const recordedStdin = {
  sessionStartStartup: (p: RecordedPaths) => ({
    session_id: p.sessionId,
    transcript_path: p.transcriptPath,
    cwd: p.cwd,
    hook_event_name: "SessionStart",
    source: "startup",
  }),
  sessionStartResume: (p: RecordedPaths) => ({
    session_id: p.sessionId,
    transcript_path: p.transcriptPath,
    cwd: p.cwd,
    hook_event_name: "SessionStart",
    source: "resume",
  }),
  userPromptSubmit: (p: RecordedPaths) => ({
    session_id: p.sessionId,
    transcript_path: p.transcriptPath,
    cwd: p.cwd,
    prompt_id: "cdfc8d62-e62b-4e7a-98c0-151eeb647cd8",
    permission_mode: "bypassPermissions",
    hook_event_name: "UserPromptSubmit",
    prompt: "First question.",
  }),
  stop: (p: RecordedPaths) => ({
    session_id: p.sessionId,
    transcript_path: p.transcriptPath,
    cwd: p.cwd,
    prompt_id: "cdfc8d62-e62b-4e7a-98c0-151eeb647cd8",
    permission_mode: "bypassPermissions",
    effort: { level: "high" },
    hook_event_name: "Stop",
    stop_hook_active: false,
    last_assistant_message: "First.",
    background_tasks: [],
    session_crons: [],
  }),
  preCompact: (p: RecordedPaths) => ({
    session_id: p.sessionId,
    transcript_path: p.transcriptPath,
    cwd: p.cwd,
    prompt_id: "2018d99d-5e67-4626-9797-5980313bb048",
    hook_event_name: "PreCompact",
    trigger: "manual",
    custom_instructions: null,
  }),
  sessionStartCompact: (p: RecordedPaths) => ({
    session_id: p.sessionId,
    transcript_path: p.transcriptPath,
    cwd: p.cwd,
    prompt_id: "2018d99d-5e67-4626-9797-5980313bb048",
    hook_event_name: "SessionStart",
    source: "compact",
    model: "claude-opus-4-8",
  }),
  postCompact: (p: RecordedPaths) => ({
    session_id: p.sessionId,
    transcript_path: p.transcriptPath,
    cwd: p.cwd,
    prompt_id: "2018d99d-5e67-4626-9797-5980313bb048",
    hook_event_name: "PostCompact",
    trigger: "manual",
    compact_summary:
      "<analysis>Scripted model server.</analysis>\n<summary>1. Primary Request and Intent: the scripted conversation so far (summary written by the model server).</summary>",
  }),
};
