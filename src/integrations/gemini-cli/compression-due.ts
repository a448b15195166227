import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readLinesBackward } from "../../agents/read-lines-backward.ts";
import { isObject } from "../../core/json-object.ts";
import type { Env } from "../baton-state-dir.ts";

/** Gemini CLI 0.61.0's `DEFAULT_COMPRESSION_TOKEN_THRESHOLD`: half the context window. */
export const DEFAULT_COMPRESSION_THRESHOLD = 0.5;
/** `tokenLimit(model)` of 0.61.0: 1 048 576 tokens, 256 000 for the Gemma 4 models. */
const TOKEN_LIMIT = 1_048_576;
const GEMMA_4_TOKEN_LIMIT = 256_000;
/** How far back from the end of the chat file the last model response is looked for. */
const MAX_LINES = 400;

export interface CompressionCheck {
  trigger: string | null;
  transcriptPath: string | null;
  cwd: string;
  env: Env;
  homedir: string;
}

/**
 * Whether Gemini CLI is about to compress. Gemini 0.61.0 fires PreCompress before every
 * model turn's compression check (`ChatCompressionService.compress` fires it, then returns
 * NOOP below the threshold), so a capture on each would write a handoff per step. A manual
 * `/compress` always compresses; an automatic one when the last response's prompt tokens
 * (the chat file's `tokens.input`, which is what `getLastPromptTokenCount()` holds) reach
 * `model.compressionThreshold` (workspace settings over the user's, else 0.5) of the
 * model's window — the same test Gemini makes next. A threshold Gemini takes from its
 * remote experiments is not visible here: then the default applies.
 */
export async function compressionDue(check: CompressionCheck): Promise<boolean> {
  if (check.trigger === "manual") return true;
  if (check.trigger !== "auto" || check.transcriptPath === null) return false;
  const last = await lastResponse(check.transcriptPath);
  if (last === null) return false;
  const threshold = compressionThreshold(check.cwd, check.env, check.homedir);
  const limit = /^gemma-4/.test(last.model ?? "") ? GEMMA_4_TOKEN_LIMIT : TOKEN_LIMIT;
  return last.promptTokens >= threshold * limit;
}

/** The prompt tokens and model of the chat file's last model response. */
async function lastResponse(
  path: string,
): Promise<{ promptTokens: number; model: string | null } | null> {
  let seen = 0;
  for await (const line of readLinesBackward(path, { chunkBytes: 64 << 10 })) {
    if (++seen > MAX_LINES) break;
    if (!line.text.includes('"tokens"')) continue;
    let record: unknown;
    try {
      record = JSON.parse(line.text);
    } catch {
      continue;
    }
    if (!isObject(record) || record.type !== "gemini" || !isObject(record.tokens)) continue;
    const input = record.tokens.input;
    if (typeof input !== "number") continue;
    return { promptTokens: input, model: typeof record.model === "string" ? record.model : null };
  }
  return null;
}

/** `model.compressionThreshold` as Gemini merges it: the workspace's over the user's. */
export function compressionThreshold(cwd: string, env: Env, homedir: string): number {
  const home = env.GEMINI_CLI_HOME?.trim() || homedir;
  for (const path of [
    join(cwd, ".gemini", "settings.json"),
    join(home, ".gemini", "settings.json"),
  ]) {
    const value = settingAt(path);
    if (value !== undefined) return value;
  }
  return DEFAULT_COMPRESSION_THRESHOLD;
}

function settingAt(path: string): number | undefined {
  let settings: unknown;
  try {
    settings = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
  const model = isObject(settings) ? settings.model : undefined;
  const value = isObject(model) ? model.compressionThreshold : undefined;
  return typeof value === "number" && value > 0 ? value : undefined;
}
