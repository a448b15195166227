/**
 * The events baton's Pi extension hands to `baton hook pi <event>`, by the names of the
 * Claude Code hook protocol it speaks on stdin: SessionStart (Pi's `before_agent_start` of a
 * session's first run, and `session_compact`), PreCompact (`session_before_compact`) and Stop
 * (`agent_settled` after the first run that answered).
 */
export const PI_HOOK_EVENTS = ["SessionStart", "PreCompact", "Stop"] as const;
export type PiHookEvent = (typeof PI_HOOK_EVENTS)[number];

/**
 * Seconds the extension waits for each event (it ends the hook process past them); baton's
 * own deadline is a share of these, so baton, not the extension, stops first.
 */
export const PI_HOOK_TIMEOUTS: Readonly<Record<PiHookEvent, number>> = {
  SessionStart: 10,
  PreCompact: 60,
  Stop: 30,
};

export function toPiHookEvent(name: string): PiHookEvent | null {
  const wanted = name.replace(/[-_]/g, "").toLowerCase();
  return PI_HOOK_EVENTS.find((event) => event.toLowerCase() === wanted) ?? null;
}
