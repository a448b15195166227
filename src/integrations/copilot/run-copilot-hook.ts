import { existsSync } from "node:fs";
import { join } from "node:path";
import { locateRepo } from "../../git/locate-repo.ts";
import { ARCHIVE_DIR_NAME, resolveHandoffDir } from "../../store/resolve-handoff-dir.ts";
import { scanHandoffs } from "../../store/scan-handoffs.ts";
import type { HookContext } from "../claude-code/hook-context.ts";
import type { HookInput } from "../claude-code/read-hook-input.ts";
import { type HookStreams, runClaudeHook } from "../claude-code/run-claude-hook.ts";
import { dispatchHookEvent } from "../dispatch-hook-event.ts";
import { awaitTranscript } from "./await-transcript.ts";
import {
  COPILOT_HOOK_EVENTS,
  type CopilotHookEvent,
  toCopilotHookEvent,
} from "./copilot-hook-events.ts";
import { parseCopilotHookInput } from "./read-copilot-hook-input.ts";

/** baton's own background step of a sessionStart claim; not a Copilot event. */
const CLAIM_WORKER = "claim-handoff";

/**
 * Runs one Copilot CLI hook with the handlers of Claude Code's hooks (the same claim, trust
 * gate, capture and acknowledgement), Copilot's id and its events.jsonl reader. Copilot's
 * payloads are camelCase and its answer is a top-level `additionalContext` (a Claude-style
 * `hookSpecificOutput` is ignored by 1.0.102), so input and answer are translated here.
 * Never throws; prints only the event's answer.
 */
export async function runCopilotHook(
  args: readonly string[],
  streams: HookStreams,
  base: HookContext,
): Promise<void> {
  const context: HookContext = {
    ...base,
    agent: {
      id: "copilot",
      loadReader: async () =>
        (await import("../../agents/copilot/copilot-reader.ts")).copilotReader,
    },
  };
  const [name = ""] = args;
  if (name === CLAIM_WORKER) {
    await runClaudeHook(args, streams, context);
    return;
  }
  await dispatchHookEvent(name, streams, context, {
    label: "Copilot ",
    events: COPILOT_HOOK_EVENTS,
    toEvent: toCopilotHookEvent,
    parse: (stdin) => parseCopilotHookInput(stdin, context.env, context.homedir),
    handle: (event, input) => handle(event, input, context),
  });
}

async function handle(
  event: CopilotHookEvent,
  input: HookInput,
  context: HookContext,
): Promise<string | null> {
  switch (event) {
    case "sessionStart": {
      const { handleSessionStart } = await import("../claude-code/session-start-hook.ts");
      const answer = await handleSessionStart(input, context);
      if (answer === null) return null;
      const { copilotAnswer } = await import("./inject-after-compaction.ts");
      const parsed = JSON.parse(answer) as { hookSpecificOutput?: { additionalContext?: string } };
      const text = parsed.hookSpecificOutput?.additionalContext;
      return text === undefined ? null : copilotAnswer(text);
    }
    case "userPromptSubmitted": {
      const { injectAfterCompaction } = await import("./inject-after-compaction.ts");
      const answer = await injectAfterCompaction(input, context);
      const { acknowledgeHandoff } = await import("../claude-code/acknowledge-handoff.ts");
      await acknowledgeHandoff("UserPromptSubmit", input, context);
      return answer;
    }
    case "agentStop": {
      const { acknowledgeHandoff } = await import("../claude-code/acknowledge-handoff.ts");
      await acknowledgeHandoff("Stop", input, context);
      return null;
    }
    case "preCompact":
    case "sessionEnd": {
      const { startTranscriptRead } = await import("../claude-code/read-session-in-worker.ts");
      // A transcript path derived from the id may not exist (no turn was recorded), or not
      // yet: at sessionEnd Copilot writes it just after running the hook.
      const known =
        input.transcriptPath !== null &&
        (event === "sessionEnd"
          ? await awaitTranscript(input.transcriptPath)
          : existsSync(input.transcriptPath));
      // A session that recorded nothing (started and left) has nothing to hand off.
      if (event === "sessionEnd" && !known) return null;
      const reading = known ? startTranscriptRead(input, context) : null;
      const { captureCompactHandoff } = await import("../claude-code/capture-compact-handoff.ts");
      await captureCompactHandoff(
        known ? input : { ...input, transcriptPath: null },
        context,
        reading,
        event === "preCompact"
          ? { trigger: "compact", event }
          : // No trigger says "the session ended"; manual is the one that claims nothing more.
            { trigger: "manual", event, parent: takenHandoff(input, context) },
      );
      if (event === "preCompact" && input.sessionId !== null) {
        const { markCompacted } = await import("./inject-after-compaction.ts");
        markCompacted(context.env, input.sessionId, context.now());
      }
      return null;
    }
  }
}

/**
 * The handoff this session took at its start, when it has none of its own yet: its end
 * continues that one, which Copilot's event log does not hold (an injected context is kept
 * only in the hook's own record), so a short session does not drop the earlier goal and
 * next steps.
 */
function takenHandoff(input: HookInput, context: HookContext): string | undefined {
  const session = input.sessionId;
  if (session === null) return undefined;
  const dir = resolveHandoffDir(locateRepo(input.cwd ?? context.cwd).root, undefined, {
    ...context.env,
  });
  const heads = [...scanHandoffs(dir), ...scanHandoffs(join(dir, ARCHIVE_DIR_NAME))];
  if (heads.some((head) => head.sourceSession === session)) return undefined;
  return heads
    .filter((head) => head.claimSession === session)
    .sort((a, b) => (b.created ?? "").localeCompare(a.created ?? ""))[0]?.id;
}
