import type { Readable, Writable } from "node:stream";
import { describeError } from "../../core/errors.ts";
import { dispatchHookEvent } from "../dispatch-hook-event.ts";
import type { HookContext } from "./hook-context.ts";
import { logHook } from "./log-hook.ts";
import { parseHookInput } from "./read-hook-input.ts";

/** The Claude Code events baton handles, by the names Claude Code uses. */
export const CLAUDE_HOOK_EVENTS = [
  "PreCompact",
  "PostCompact",
  "SessionStart",
  "UserPromptSubmit",
  "Stop",
] as const;
export type ClaudeHookEvent = (typeof CLAUDE_HOOK_EVENTS)[number];

/** baton's own background steps (a SessionStart claim, a model summary); not Claude Code events. */
const CLAIM_WORKER = "claim-handoff";
export const SUMMARY_WORKER = "summarize-handoff";
/**
 * The summary worker waits on a model, not on its agent: it gets a time of its own (its
 * deadline is the hooks' share of it, 180 s), and gives the model 10 s less.
 */
export const SUMMARY_WORKER_TIMEOUT_SECONDS = 225;
export const SUMMARY_WORKER_MODEL_MS = 170_000;
export const BACKGROUND_WORKERS: readonly string[] = [CLAIM_WORKER, SUMMARY_WORKER];

/** `SessionStart`, `session-start` and `sessionstart` name the same event. */
export function toHookEvent(name: string): ClaudeHookEvent | null {
  const wanted = name.replace(/[-_]/g, "").toLowerCase();
  return CLAUDE_HOOK_EVENTS.find((event) => event.toLowerCase() === wanted) ?? null;
}

export interface HookStreams {
  stdin: Readable;
  stdout: Writable;
}

/**
 * Runs one Claude Code hook. It never throws and never writes anything but the event's
 * JSON answer to stdout: whatever goes wrong is written to the hooks' log, and the agent's
 * session goes on as if baton were not installed.
 */
export async function runClaudeHook(
  args: readonly string[],
  streams: HookStreams,
  context: HookContext,
): Promise<void> {
  const [name = "", ...rest] = args;
  if (name === CLAIM_WORKER || name === SUMMARY_WORKER) {
    try {
      if (name === CLAIM_WORKER) {
        const { claimInBackground } = await import("./restore-claimed.ts");
        await claimInBackground(JSON.parse(rest[0] ?? "{}"), context);
      } else {
        const { summarizeInBackground } = await import("./summarize-in-background.ts");
        await summarizeInBackground(JSON.parse(rest[0] ?? "{}"), context);
      }
    } catch (error) {
      logHook(context, name, describeError(error));
    }
    return;
  }
  await dispatchHookEvent(name, streams, context, {
    label: "",
    events: CLAUDE_HOOK_EVENTS,
    toEvent: toHookEvent,
    parse: parseHookInput,
    handle: (event, input) => handle(event, input, context),
  });
}

async function handle(
  event: ClaudeHookEvent,
  input: ReturnType<typeof parseHookInput>,
  context: HookContext,
): Promise<string | null> {
  switch (event) {
    case "SessionStart": {
      const { handleSessionStart } = await import("./session-start-hook.ts");
      return handleSessionStart(input, context);
    }
    case "PreCompact": {
      // The transcript's read starts before the capture's own modules load.
      const { startTranscriptRead } = await import("./read-session-in-worker.ts");
      const reading = startTranscriptRead(input, context);
      const { captureCompactHandoff } = await import("./capture-compact-handoff.ts");
      const { handoff } = await captureCompactHandoff(input, context, reading);
      return context.agent?.reportsCapture ? JSON.stringify({ handoff: handoff.id }) : null;
    }
    case "PostCompact": {
      const { addCompactSummary } = await import("./add-compact-summary.ts");
      await addCompactSummary(input, context);
      return null;
    }
    case "UserPromptSubmit":
    case "Stop": {
      const { acknowledgeHandoff } = await import("./acknowledge-handoff.ts");
      await acknowledgeHandoff(event, input, context);
      return null;
    }
  }
}
