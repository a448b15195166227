import type { HookContext } from "../claude-code/hook-context.ts";
import { logHook } from "../claude-code/log-hook.ts";
import { type HookStreams, runClaudeHook } from "../claude-code/run-claude-hook.ts";
import { PI_HOOK_EVENTS, toPiHookEvent } from "./pi-hook-events.ts";

/** baton's own background step of a SessionStart claim; not a Pi event. */
const CLAIM_WORKER = "claim-handoff";

/**
 * Runs one event of baton's Pi extension. The extension writes Claude Code's hook input on
 * stdin (session_id, transcript_path: Pi's session file, cwd, source, trigger) and reads the
 * SessionStart answer (`hookSpecificOutput.additionalContext`), so the handlers, the trust
 * gate and the claim are Claude Code's, run with Pi's id and its session reader. Never
 * throws; prints only the event's answer.
 */
export async function runPiHook(
  args: readonly string[],
  streams: HookStreams,
  context: HookContext,
): Promise<void> {
  const [name = ""] = args;
  if (name !== CLAIM_WORKER && toPiHookEvent(name) === null) {
    logHook(
      context,
      name || "(none)",
      `unknown Pi event; expected one of ${PI_HOOK_EVENTS.join(", ")}`,
    );
    return;
  }
  await runClaudeHook(args, streams, {
    ...context,
    agent: {
      id: "pi",
      loadReader: async () => (await import("../../agents/pi/pi-reader.ts")).piReader,
      reportsCapture: true,
    },
  });
}
