/**
 * The Codex hook events baton handles (Codex 0.169 names them as Claude Code does).
 * PostCompact is left out: Codex gives it lifecycle metadata only, no summary.
 */
export const CODEX_HOOK_EVENTS = [
  "SessionStart",
  "PreCompact",
  "UserPromptSubmit",
  "Stop",
] as const;
export type CodexHookEvent = (typeof CODEX_HOOK_EVENTS)[number];

/** Seconds Codex gives each hook, as baton installs them; baton's own waits stay inside. */
export const CODEX_HOOK_TIMEOUTS: Readonly<Record<CodexHookEvent, number>> = {
  SessionStart: 10,
  PreCompact: 60,
  UserPromptSubmit: 10,
  Stop: 30,
};

export function toCodexHookEvent(name: string): CodexHookEvent | null {
  const wanted = name.replace(/[-_]/g, "").toLowerCase();
  return CODEX_HOOK_EVENTS.find((event) => event.toLowerCase() === wanted) ?? null;
}
