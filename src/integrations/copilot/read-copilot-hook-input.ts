import { join } from "node:path";
import { agentFolder } from "../../agents/session-ref-at.ts";
import type { Env } from "../baton-state-dir.ts";
import { type HookInput, hookFields } from "../claude-code/read-hook-input.ts";

/**
 * What Copilot CLI 1.0.102 sends a camelCase command hook on stdin (recorded from the real
 * binary, see test/live/copilot.smoke.test.ts), read loosely into the fields baton's hook
 * handlers use: every event has `sessionId`, `cwd` and `timestamp` (ms); sessionStart
 * `source` (new | resume) and `initialPrompt`; agentStop and preCompact `transcriptPath`;
 * preCompact `trigger`; sessionEnd `reason` and no transcript, so the session's
 * `events.jsonl` is found from its id under `$COPILOT_HOME` (else `~/.copilot`),
 * as the reader finds it (without loading the reader: this runs in every hook).
 */
export function parseCopilotHookInput(text: string, env: Env, homedir: string): HookInput {
  const str = hookFields(text);
  const sessionId = str("sessionId");
  // A session id names a folder: one with a path separator is not Copilot's.
  const safeId = sessionId !== null && /^[\w.-]+$/.test(sessionId) ? sessionId : null;
  const transcriptPath =
    str("transcriptPath") ??
    (safeId === null
      ? null
      : join(
          agentFolder({ env: { ...env }, homedir }, "COPILOT_HOME", ".copilot"),
          "session-state",
          safeId,
          "events.jsonl",
        ));
  const source = str("source");
  return {
    sessionId,
    transcriptPath,
    cwd: str("cwd"),
    eventName: null,
    // Claude Code's handler knows startup and resume; Copilot says new for a new session.
    source: source === "new" ? "startup" : source,
    trigger: str("trigger"),
    compactSummary: null,
    model: null,
  };
}
