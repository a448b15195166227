import type { LanguageModel } from "ai";
import { BatonError } from "../../core/errors.ts";
import type { ModelSpec } from "./summary-settings.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** Ollama's OpenAI-compatible endpoint on this machine. */
const OLLAMA_DEFAULT = "http://localhost:11434/v1";

/**
 * The ai SDK model for a `provider:model` name, with the provider's usual environment
 * variables read from `env` (the capture's, not necessarily this process's): keys and
 * endpoints as each provider's own SDK reads them. `baseUrl` (the config's, or
 * `BATON_SUMMARY_BASE_URL`) wins over the provider's variable. The SDKs load lazily: a
 * capture without a model never pays for them.
 */
export async function openLanguageModel(
  spec: ModelSpec,
  env: Env,
  baseUrl: string | null,
): Promise<LanguageModel> {
  switch (spec.provider) {
    case "anthropic": {
      const { createAnthropic } = await import("@ai-sdk/anthropic");
      const authToken = env.ANTHROPIC_AUTH_TOKEN?.trim();
      return createAnthropic({
        baseURL: anthropicBaseUrl(baseUrl ?? env.ANTHROPIC_BASE_URL),
        ...(env.ANTHROPIC_API_KEY?.trim() || !authToken
          ? { apiKey: required(env.ANTHROPIC_API_KEY, "ANTHROPIC_API_KEY", spec) }
          : { authToken }),
      })(spec.model);
    }
    case "openai": {
      const { createOpenAI } = await import("@ai-sdk/openai");
      return createOpenAI({
        baseURL: blankToUndefined(baseUrl ?? env.OPENAI_BASE_URL),
        apiKey: required(env.OPENAI_API_KEY, "OPENAI_API_KEY", spec),
      })(spec.model);
    }
    case "openai-compatible":
    case "ollama": {
      const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
      const url =
        blankToUndefined(baseUrl) ??
        (spec.provider === "ollama" ? ollamaBaseUrl(env.OLLAMA_HOST) : undefined);
      if (url === undefined) {
        throw new BatonError(
          "usage",
          `openai-compatible:${spec.model} needs the server's URL: set BATON_SUMMARY_BASE_URL or "baseUrl" in the config (e.g. http://localhost:1234/v1)`,
        );
      }
      const apiKey = blankToUndefined(env.BATON_SUMMARY_API_KEY);
      return createOpenAICompatible({
        name: spec.provider,
        baseURL: url,
        ...(apiKey === undefined ? {} : { apiKey }),
      })(spec.model);
    }
  }
}

/**
 * `ANTHROPIC_BASE_URL` is the API's origin for Anthropic's SDKs and Claude Code
 * (`https://api.anthropic.com`); the ai SDK posts to `<baseURL>/messages`, so the version
 * segment is added when missing.
 */
function anthropicBaseUrl(value: string | undefined): string | undefined {
  const url = blankToUndefined(value)?.replace(/\/+$/, "");
  if (url === undefined) return undefined;
  return /\/v\d+$/.test(url) ? url : `${url}/v1`;
}

/** `OLLAMA_HOST` is `host:port` or a URL, as Ollama itself reads it. */
function ollamaBaseUrl(host: string | undefined): string {
  const value = blankToUndefined(host);
  if (value === undefined) return OLLAMA_DEFAULT;
  const url = /^https?:\/\//.test(value) ? value : `http://${value}`;
  return `${url.replace(/\/+$/, "")}/v1`;
}

function required(value: string | undefined, name: string, spec: ModelSpec): string {
  const key = blankToUndefined(value);
  if (key === undefined) {
    throw new BatonError("usage", `${spec.provider}:${spec.model} needs ${name} to be set`);
  }
  return key;
}

function blankToUndefined(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
