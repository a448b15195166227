/**
 * The Copilot CLI hook events baton handles, by the camelCase names Copilot 1.0.102 uses
 * in `.github/hooks/*.json` (camelCase names get camelCase payloads; PascalCase names
 * would get VS Code's snake_case ones). Copilot has no event after a compaction: the
 * handoff its preCompact captured reaches the model with the session's next prompt
 * (userPromptSubmitted), see `inject-after-compaction.ts`.
 */
export const COPILOT_HOOK_EVENTS = [
  "sessionStart",
  "userPromptSubmitted",
  "agentStop",
  "preCompact",
  "sessionEnd",
] as const;
export type CopilotHookEvent = (typeof COPILOT_HOOK_EVENTS)[number];

/** Seconds Copilot gives each hook (`timeoutSec`), as baton installs them. */
export const COPILOT_HOOK_TIMEOUTS: Readonly<Record<CopilotHookEvent, number>> = {
  sessionStart: 10,
  userPromptSubmitted: 10,
  agentStop: 30,
  preCompact: 60,
  sessionEnd: 60,
};

export function toCopilotHookEvent(name: string): CopilotHookEvent | null {
  const wanted = name.replace(/[-_]/g, "").toLowerCase();
  return COPILOT_HOOK_EVENTS.find((event) => event.toLowerCase() === wanted) ?? null;
}
