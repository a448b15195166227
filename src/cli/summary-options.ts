import type { DraftedHandoff } from "../summarize/capture-handoff.ts";
import {
  type ModelSpec,
  requireModel,
  resolveSummarySettings,
  type SummarySettings,
} from "../summarize/llm/summary-settings.ts";
import type { CliIo } from "./cli-io.ts";
import type { OptionSpec } from "./command-options.ts";
import { say, warn } from "./output.ts";

export const SUMMARIZE_OPTION = {
  type: "string",
  value: "SOURCE",
  description: `extractive (default: no model) or llm: a model writes goal, state, decisions, failed approaches, next steps and open questions over the extracted facts (default: $BATON_SUMMARIZE, else the config's summary.source)`,
} as const satisfies OptionSpec;

export const SUMMARY_MODEL_DESCRIPTION = `the model of --summarize llm, as provider:model (anthropic, openai, openai-compatible, ollama; default: $BATON_SUMMARY_MODEL, else the config's summary.model)`;

/**
 * The `llm` source's settings when this capture uses it: asked for on the command line,
 * or set as the default (environment or config) for a capture that reads a session. A
 * usage error, before anything is read or sent, when it is asked for and no model is
 * configured.
 */
export function summaryFromOptions(
  io: CliIo,
  values: { summarize?: string | undefined; model?: string | undefined },
  readsSession: boolean,
  flag = "--model",
): (SummarySettings & { model: ModelSpec }) | undefined {
  const settings = resolveSummarySettings(io.env, {
    source: values.summarize,
    model: values.model,
  });
  if (settings.source !== "llm") return undefined;
  if (values.summarize === undefined && !readsSession) return undefined;
  return requireModel(settings, io.env, flag);
}

/** One line on what the model's pass did: its tokens, or why the sections are the extractive ones. */
export function reportModelSummary(io: CliIo, drafted: DraftedHandoff): void {
  const pass = drafted.modelSummary;
  if (pass === null) return;
  const { summary } = pass;
  const sent = `${summary.inputTokens ?? "?"} of ${summary.inputBudget ?? "?"} input tokens`;
  if (summary.state === "done") {
    const output = pass.usage?.output == null ? "" : `, ${pass.usage.output} output tokens`;
    say(io, `baton: summary written by ${summary.by} (${sent}${output})`);
    if (pass.ignored.length > 0) {
      say(
        io,
        `baton: left out the model's ${pass.ignored.join(", ")}: those stay the verified ones`,
      );
    }
    return;
  }
  warn(
    io,
    `the summary by ${summary.by} was not used (${summary.note ?? "it failed"}); the handoff keeps the extractive summary (${sent})`,
  );
}
