/**
 * The Gemini CLI hook events baton handles, by Gemini's names (checked in the bundle of
 * Gemini CLI 0.61.0: `HookEventName`, and where each is fired and awaited).
 * - SessionStart (`source`: startup, resume, clear; 0.61.0 has no compress source): the
 *   open handoff of the branch, as additionalContext.
 * - PreCompress (`trigger`: auto, manual): awaited before every automatic compression
 *   check, so baton captures only when the compression will happen (see `compressionDue`).
 * - BeforeAgent (once per prompt): the handoff this session's PreCompress wrote, since no
 *   event follows a compression; and the first-prompt half of the claim's acknowledgement.
 * - AfterAgent (once per finished turn): the claim becomes `restored`, like Claude Code's Stop.
 */
export const GEMINI_HOOK_EVENTS = [
  "SessionStart",
  "PreCompress",
  "BeforeAgent",
  "AfterAgent",
] as const;
export type GeminiHookEvent = (typeof GEMINI_HOOK_EVENTS)[number];

/** Seconds Gemini CLI gives each hook as baton installs them (settings hold milliseconds). */
export const GEMINI_HOOK_TIMEOUTS: Readonly<Record<GeminiHookEvent, number>> = {
  SessionStart: 10,
  PreCompress: 60,
  BeforeAgent: 10,
  AfterAgent: 30,
};

export function toGeminiHookEvent(name: string): GeminiHookEvent | null {
  const wanted = name.replace(/[-_]/g, "").toLowerCase();
  return GEMINI_HOOK_EVENTS.find((event) => event.toLowerCase() === wanted) ?? null;
}
