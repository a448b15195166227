import type { Trigger } from "../../core/handoff.ts";
import type { Session } from "../../core/session.ts";
import { type CapturedHandoff, captureHandoff } from "../../summarize/capture-handoff.ts";
import { cacheHandoffPrompt } from "./cache-prompt.ts";
import { type HookContext, hookAgentId } from "./hook-context.ts";
import { logHook } from "./log-hook.ts";
import type { HookInput } from "./read-hook-input.ts";
import { startTranscriptRead } from "./read-session-in-worker.ts";
import { SUMMARY_WORKER } from "./run-claude-hook.ts";
import { hookSummarySettings, type SummaryJob } from "./summarize-in-background.ts";

/**
 * PreCompact: the handoff of everything before this compaction, from the transcript and
 * git, with trigger `compact`, continuing this session's previous handoff. The
 * continuation prompt is cached at once, so the SessionStart hook that follows the
 * compaction only prints it. A transcript that cannot be read does not stop the capture:
 * the handoff then holds the git facts and the enrich markers, and the log says why.
 * Another agent's event that captures the same way (Copilot's sessionEnd) names itself and
 * its trigger in `capture`, and the handoff it continues when not this session's own.
 * With the `llm` summary source configured, the handoff is written extractive and marked
 * pending, and a detached worker asks the model and revises it: no compaction waits on a
 * network call.
 */
export async function captureCompactHandoff(
  input: HookInput,
  context: HookContext,
  /** The transcript's read, when the caller started it early (see `startTranscriptRead`). */
  reading: Promise<Session> | null = startTranscriptRead(input, context),
  capture: { trigger: Trigger; event: string; parent?: string } = {
    trigger: "compact",
    event: "PreCompact",
  },
): Promise<CapturedHandoff> {
  const { env } = context;
  const { event } = capture;
  if (reading === null) {
    logHook(context, event, "no transcript_path on stdin; capturing git facts only");
  }
  const summary = hookSummarySettings(context, event);
  const captured = await captureHandoff({
    cwd: input.cwd ?? context.cwd,
    env,
    now: context.now(),
    session: reading,
    source: {
      agent: hookAgentId(context),
      sessionId: input.sessionId,
      transcript: input.transcriptPath,
      model: input.model,
    },
    trigger: capture.trigger,
    parent: capture.parent,
    continueSession: true,
    summary,
    deferSummary: true,
  });
  const { handoff, path, session } = captured;
  if (captured.sessionError !== null) {
    logHook(
      context,
      event,
      `cannot read transcript ${input.transcriptPath} (${captured.sessionError}); capturing git facts only`,
    );
  }
  const warnings = Object.entries(session?.warnings ?? {});
  if (warnings.length > 0) {
    const list = warnings.map(([reason, count]) => `${reason} ×${count}`).join(", ");
    logHook(context, event, `${input.transcriptPath}: read with warnings: ${list}`);
  }
  if (captured.supersedeError !== null) {
    logHook(
      context,
      event,
      `wrote ${handoff.id} but could not supersede ${handoff.parent}: ${captured.supersedeError}`,
    );
  }
  cacheHandoffPrompt(handoff, path, captured.project.root, env);
  if (handoff.summary?.state === "pending") {
    const job: SummaryJob = {
      cwd: input.cwd ?? context.cwd,
      id: handoff.id,
      transcript: input.transcriptPath,
    };
    context.spawnWorker([SUMMARY_WORKER, JSON.stringify(job)]);
  }
  return captured;
}
