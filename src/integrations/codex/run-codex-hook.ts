import type { HookContext } from "../claude-code/hook-context.ts";
import { logHook } from "../claude-code/log-hook.ts";
import {
  BACKGROUND_WORKERS,
  type HookStreams,
  runClaudeHook,
} from "../claude-code/run-claude-hook.ts";
import { CODEX_HOOK_EVENTS, toCodexHookEvent } from "./codex-hook-events.ts";

/**
 * Runs one Codex hook. Codex 0.169 speaks Claude Code's hook protocol (the same stdin
 * fields: session_id, transcript_path, cwd, hook_event_name, source; the same SessionStart
 * answer, `hookSpecificOutput.additionalContext`), so the handlers are Claude Code's, run
 * with Codex's id and its rollout reader. Never throws; prints only the event's answer.
 */
export async function runCodexHook(
  args: readonly string[],
  streams: HookStreams,
  context: HookContext,
): Promise<void> {
  const [name = ""] = args;
  if (!BACKGROUND_WORKERS.includes(name) && toCodexHookEvent(name) === null) {
    logHook(
      context,
      name || "(none)",
      `unknown Codex event; expected one of ${CODEX_HOOK_EVENTS.join(", ")}`,
    );
    return;
  }
  await runClaudeHook(args, streams, {
    ...context,
    agent: {
      id: "codex",
      loadReader: async () => (await import("../../agents/codex/codex-reader.ts")).codexReader,
    },
  });
}
