import { claudeCodeReader } from "../../agents/claude-code/claude-code-reader.ts";
import { readSessionBounded } from "../../agents/read-session-bounded.ts";
import { describeError } from "../../core/errors.ts";
import type { Session } from "../../core/session.ts";
import { locateRepo } from "../../git/locate-repo.ts";
import { machineSigner } from "../../safety/machine-signer.ts";
import { openStore } from "../../store/open-store.ts";
import { reviseWithModel } from "../../summarize/llm/revise-with-model.ts";
import {
  type ModelSpec,
  resolveSummarySettings,
  type SummarySettings,
} from "../../summarize/llm/summary-settings.ts";
import { COMPACT_SUMMARY_LEAD } from "./add-compact-summary.ts";
import { cacheHandoffPrompt } from "./cache-prompt.ts";
import type { HookContext } from "./hook-context.ts";
import { logHook } from "./log-hook.ts";
import { SUMMARY_WORKER, SUMMARY_WORKER_MODEL_MS } from "./run-claude-hook.ts";

export interface SummaryJob {
  cwd: string;
  id: string;
  transcript: string | null;
}

/**
 * The `llm` summary settings of a hook, when they ask for a model and name one: a hook
 * never fails on them, so a broken config or a missing model is logged and the capture
 * stays extractive.
 */
export function hookSummarySettings(
  context: HookContext,
  event: string,
): (SummarySettings & { model: ModelSpec }) | undefined {
  let settings: SummarySettings;
  try {
    settings = resolveSummarySettings(context.env);
  } catch (error) {
    logHook(context, event, `summary settings ignored: ${describeError(error)}`);
    return undefined;
  }
  if (settings.source !== "llm") return undefined;
  if (settings.model === null) {
    logHook(
      context,
      event,
      "the summary source is llm but no model is configured (BATON_SUMMARY_MODEL or summary.model in the config); the handoff stays extractive",
    );
    return undefined;
  }
  return settings as SummarySettings & { model: ModelSpec };
}

/**
 * The detached worker a compaction hook starts after writing the extractive handoff: reads
 * the session again, asks the model, and revises the handoff in place (its lifecycle kept,
 * signed again), then refreshes the cached prompt. Claude Code's own compaction summary,
 * when PostCompact added it meanwhile, is kept beside the model's state.
 */
export async function summarizeInBackground(job: SummaryJob, context: HookContext): Promise<void> {
  const event = SUMMARY_WORKER;
  const configured = hookSummarySettings(context, event);
  if (configured === undefined) return;
  // The model's answer must come before the worker's own deadline ends the process.
  const settings = {
    ...configured,
    limits: {
      ...configured.limits,
      timeoutMs: Math.min(configured.limits.timeoutMs, SUMMARY_WORKER_MODEL_MS),
    },
  };
  const repo = locateRepo(job.cwd);
  const store = openStore({
    root: repo.root,
    env: { ...context.env },
    now: context.now,
    signer: machineSigner(context.env),
  });
  let session: Session | null = null;
  if (job.transcript !== null) {
    try {
      const reader = await (context.agent?.loadReader() ?? Promise.resolve(claudeCodeReader));
      session = await readSessionBounded(reader, job.transcript, {
        env: { ...context.env },
        homedir: context.homedir,
      });
    } catch (error) {
      logHook(
        context,
        event,
        `cannot read ${job.transcript} (${describeError(error)}); summarizing the handoff alone`,
      );
    }
  }
  const revised = await reviseWithModel({
    store,
    id: job.id,
    session,
    env: context.env,
    settings,
    keepNote: (fact) => fact.text.startsWith(COMPACT_SUMMARY_LEAD),
  });
  if (revised === null) return;
  const { entry } = revised;
  cacheHandoffPrompt(entry.handoff, entry.path, repo.root, context.env);
  // The revised document's own record: redacted with it (a provider's error can quote anything).
  const summary = entry.handoff.summary;
  if (summary === undefined) return;
  logHook(
    context,
    event,
    summary.state === "done"
      ? `${entry.id}: summary by ${summary.by} (${summary.inputTokens} of ${summary.inputBudget} input tokens)`
      : `${entry.id}: the summary by ${summary.by} was not used: ${summary.note}`,
  );
}
