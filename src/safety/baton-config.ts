import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { BatonError } from "../core/errors.ts";
import { isErrorCode } from "../store/is-error-code.ts";
import { batonConfigDir } from "./baton-config-dir.ts";

type Env = Readonly<Record<string, string | undefined>>;

export const CONFIG_FILE = "config.json";

/**
 * The user's settings, `$XDG_CONFIG_HOME/baton/config.json` (else `~/.config/baton/`).
 * Only the user's own file: a repository cannot choose where a session's text is sent.
 * Our own format, read strictly: an unknown or misspelled key is an error naming it.
 */
export const BatonConfig = z
  .object({
    summary: z
      .object({
        /** The summary source of captures that read a session (hooks included). */
        source: z.enum(["extractive", "llm"]).optional(),
        /** `provider:model`, e.g. `anthropic:claude-haiku-4-5`. */
        model: z.string().min(1).optional(),
        /** The provider's endpoint (required for `openai-compatible`). */
        baseUrl: z.string().url().optional(),
        timeoutMs: z.number().int().positive().optional(),
        maxInputTokens: z.number().int().positive().optional(),
        maxOutputTokens: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type BatonConfig = z.infer<typeof BatonConfig>;

export function batonConfigPath(env: Env): string {
  return join(batonConfigDir(env), CONFIG_FILE);
}

/** The user's config; `{}` when there is no file. A broken file is a `parse` error naming it. */
export function readBatonConfig(env: Env): BatonConfig {
  const path = batonConfigPath(env);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return {};
    throw new BatonError("io", `cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BatonError("parse", `${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = BatonConfig.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join(".") ?? "";
  const keys = issue?.code === "unrecognized_keys" ? `: ${issue.keys.join(", ")}` : "";
  throw new BatonError(
    "parse",
    `${path}: ${where === "" ? "" : `${where}: `}${issue?.message ?? "invalid"}${keys}`,
  );
}
