import { BatonError } from "../../core/errors.ts";
import { batonConfigPath, readBatonConfig } from "../../safety/baton-config.ts";

type Env = Readonly<Record<string, string | undefined>>;

export const SUMMARY_SOURCES = ["extractive", "llm"] as const;
export type SummarySource = (typeof SUMMARY_SOURCES)[number];

export const SUMMARY_PROVIDERS = ["anthropic", "openai", "openai-compatible", "ollama"] as const;
export type SummaryProvider = (typeof SUMMARY_PROVIDERS)[number];

export interface ModelSpec {
  provider: SummaryProvider;
  model: string;
}

/** What a model-written summary may cost: all of it counted or cut off locally. */
export interface SummaryLimits {
  timeoutMs: number;
  /** The tokens sent (prompt and input together), counted before sending. */
  maxInputTokens: number;
  maxOutputTokens: number;
}

export interface SummarySettings {
  source: SummarySource;
  /** Null when no model is configured: then nothing is ever sent. */
  model: ModelSpec | null;
  baseUrl: string | null;
  limits: SummaryLimits;
}

export const DEFAULT_SUMMARY_LIMITS: SummaryLimits = {
  timeoutMs: 60_000,
  maxInputTokens: 8_000,
  maxOutputTokens: 1_500,
};

export const SUMMARY_MODEL_ENV = "BATON_SUMMARY_MODEL";
export const SUMMARIZE_ENV = "BATON_SUMMARIZE";
export const SUMMARY_BASE_URL_ENV = "BATON_SUMMARY_BASE_URL";

export interface SummaryFlags {
  /** `--summarize`. */
  source?: string | undefined;
  /** `--model`. */
  model?: string | undefined;
}

/**
 * The summary settings of one capture: the command line over the environment over the
 * user's config file, each field on its own. Throws a `usage` error for a setting that
 * names no known source or provider, and a `parse` error for a broken config file.
 */
export function resolveSummarySettings(env: Env, flags: SummaryFlags = {}): SummarySettings {
  const config = readBatonConfig(env).summary ?? {};
  const source = pick(flags.source, env[SUMMARIZE_ENV], config.source) ?? "extractive";
  if (!(SUMMARY_SOURCES as readonly string[]).includes(source)) {
    throw new BatonError(
      "usage",
      `unknown summary source "${source}"; expected ${SUMMARY_SOURCES.join(" or ")}`,
    );
  }
  const spec = pick(flags.model, env[SUMMARY_MODEL_ENV], config.model);
  return {
    source: source as SummarySource,
    model: spec === undefined ? null : parseModelSpec(spec),
    baseUrl: pick(env[SUMMARY_BASE_URL_ENV], config.baseUrl) ?? null,
    limits: {
      timeoutMs: config.timeoutMs ?? DEFAULT_SUMMARY_LIMITS.timeoutMs,
      maxInputTokens: config.maxInputTokens ?? DEFAULT_SUMMARY_LIMITS.maxInputTokens,
      maxOutputTokens: config.maxOutputTokens ?? DEFAULT_SUMMARY_LIMITS.maxOutputTokens,
    },
  };
}

/** `anthropic:claude-haiku-4-5` → `{ provider: "anthropic", model: "claude-haiku-4-5" }`. */
export function parseModelSpec(spec: string): ModelSpec {
  const at = spec.indexOf(":");
  const provider = spec.slice(0, at).trim();
  const model = spec.slice(at + 1).trim();
  if (at === -1 || model === "" || !(SUMMARY_PROVIDERS as readonly string[]).includes(provider)) {
    throw new BatonError(
      "usage",
      `the summary model "${spec}" is not provider:model; providers: ${SUMMARY_PROVIDERS.join(", ")} (e.g. anthropic:claude-haiku-4-5)`,
    );
  }
  return { provider: provider as SummaryProvider, model };
}

export function modelName(spec: ModelSpec): string {
  return `${spec.provider}:${spec.model}`;
}

/** The settings with a model, or the error that says how to configure one. */
export function requireModel(
  settings: SummarySettings,
  env: Env,
  /** The command's option for the model (`--model`, `--summary-model`). */
  flag = "--model",
): SummarySettings & { model: ModelSpec } {
  if (settings.model !== null) return settings as SummarySettings & { model: ModelSpec };
  throw new BatonError(
    "usage",
    `--summarize llm needs a model, and none is configured (nothing was sent): give ${flag} provider:model, set ${SUMMARY_MODEL_ENV}=anthropic:claude-haiku-4-5, or put {"summary": {"model": "…"}} in ${batonConfigPath(env)}`,
  );
}

function pick(...values: (string | undefined)[]): string | undefined {
  return values.map((value) => value?.trim()).find((value) => value !== undefined && value !== "");
}
