import { clipLine } from "../../core/clip-line.ts";
import type { Sections, SummaryInfo } from "../../core/handoff.ts";
import type { Session } from "../../core/session.ts";
import { applyModelSections, type ModelSections, readModelAnswer } from "./model-sections.ts";
import { openLanguageModel } from "./open-language-model.ts";
import { buildSummaryPrompt } from "./summary-prompt.ts";
import { type ModelSpec, modelName, type SummarySettings } from "./summary-settings.ts";

type Env = Readonly<Record<string, string | undefined>>;

export interface ModelSummaryInput {
  /** The extractive sections, redacted: what the model improves and what a fallback keeps. */
  sections: Sections;
  parent: { id: string; sections: Sections } | null;
  session: Session | null;
  env: Env;
  settings: SummarySettings & { model: ModelSpec };
  thorough?: boolean;
}

export interface ModelSummary {
  /** The model's sections over the verified facts; the extractive ones on a fallback. */
  sections: Sections;
  summary: SummaryInfo;
  /** Spans masked in what was sent. */
  redactions: number;
  /** Tokens the provider reported, when it answered. */
  usage: { input: number | null; output: number | null } | null;
  /** The sections the model wrote that it may not (files, todos, validation): left out. */
  ignored: string[];
  /** The model's own sections, to apply again to a document revised since (null: fallback). */
  written: ModelSections | null;
}

/**
 * The `llm` summary source: asks the configured model for the semantic sections, on top
 * of the extractive handoff, within the token budget and the timeout, and never fails: a
 * provider error, a timeout, an answer that does not parse, one cut off at the output cap,
 * or an input over budget each leave the extractive sections as they are, with the reason
 * as the note.
 */
export async function summarizeWithModel(input: ModelSummaryInput): Promise<ModelSummary> {
  const { settings } = input;
  const by = modelName(settings.model);
  const prompt = await buildSummaryPrompt({
    sections: input.sections,
    parent: input.parent,
    session: input.session,
    env: input.env,
    maxInputTokens: settings.limits.maxInputTokens,
    thorough: input.thorough,
  });
  const fallback = (note: string, usage: ModelSummary["usage"] = null): ModelSummary => ({
    sections: input.sections,
    summary: {
      by,
      state: "fallback",
      note: clipLine(note, 300),
      inputTokens: prompt.tokens,
      inputBudget: prompt.budget,
    },
    redactions: prompt.ok ? prompt.redactions : 0,
    usage,
    ignored: [],
    written: null,
  });
  if (!prompt.ok) return fallback(`${prompt.reason}; nothing was sent`);
  let text: string;
  let usage: ModelSummary["usage"];
  try {
    const { generateText } = await import("ai");
    const model = await openLanguageModel(settings.model, input.env, settings.baseUrl);
    const result = await generateText({
      model,
      system: prompt.system,
      prompt: prompt.prompt,
      maxOutputTokens: settings.limits.maxOutputTokens,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(settings.limits.timeoutMs),
    });
    usage = {
      input: result.usage.inputTokens ?? null,
      output: result.usage.outputTokens ?? null,
    };
    if (result.finishReason === "length") {
      return fallback(
        `the answer was cut off at the cap of ${settings.limits.maxOutputTokens} output tokens`,
        usage,
      );
    }
    text = result.text;
  } catch (error) {
    return fallback(describeProviderError(error, settings.limits.timeoutMs));
  }
  const answer = readModelAnswer(text);
  if (!answer.ok) return fallback(`the answer is not a summary: ${answer.reason}`, usage);
  return {
    sections: applyModelSections(input.sections, answer.sections),
    summary: {
      by,
      state: "done",
      note: null,
      inputTokens: prompt.tokens,
      inputBudget: prompt.budget,
    },
    redactions: prompt.redactions,
    usage,
    ignored: answer.ignored,
    written: answer.sections,
  };
}

/** One line saying why the provider gave nothing: timed out, HTTP status, or its message. */
function describeProviderError(error: unknown, timeoutMs: number): string {
  const named = error as { name?: string; statusCode?: number; message?: string; cause?: unknown };
  const aborted = (value: unknown) =>
    (value as { name?: string } | undefined)?.name === "TimeoutError" ||
    (value as { name?: string } | undefined)?.name === "AbortError";
  if (aborted(error) || aborted(named.cause)) {
    return `the provider did not answer within ${Math.round(timeoutMs / 100) / 10} s`;
  }
  const message = (named.message ?? String(error)).replace(/\s+/g, " ").trim();
  if (typeof named.statusCode === "number") {
    return `the provider answered HTTP ${named.statusCode}: ${message}`;
  }
  return `the provider failed: ${message}`;
}
