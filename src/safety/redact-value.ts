import { collectEnvSecrets, type EnvSecret } from "./find-env-secrets.ts";
import type { Redaction } from "./mask-spans.ts";
import { type RedactOptions, redactFastWith, redactWith } from "./redact-text.ts";
import type { SecretKind } from "./secret-kind.ts";

export interface ValueRedaction<T> {
  value: T;
  count: number;
  kinds: Partial<Record<SecretKind, number>>;
}

/**
 * Any JSON-like value with every string redacted (all sources, secretlint included), so a
 * mask never breaks the syntax it sits in: session-state files, `--json` output, tool results.
 */
export async function redactValue<T>(
  value: T,
  options?: RedactOptions,
): Promise<ValueRedaction<T>> {
  const env = collectEnvSecrets(options?.env ?? process.env);
  const tally = newTally();
  const texts: string[] = [];
  const puts: ((next: string) => void)[] = [];
  const copy = mapStrings(value, (text, put) => {
    texts.push(text);
    puts.push(put);
  });
  (await redactAll(texts, env, tally)).forEach((text, i) => {
    puts[i]?.(text);
  });
  return { value: copy, ...tally };
}

/** The synchronous variant without secretlint, for hooks and printing (see `redactTextFast`). */
export function redactValueFast<T>(value: T, options?: RedactOptions): ValueRedaction<T> {
  const env = collectEnvSecrets(options?.env ?? process.env);
  const tally = newTally();
  const texts: string[] = [];
  const puts: ((next: string) => void)[] = [];
  const copy = mapStrings(value, (text, put) => {
    texts.push(text);
    puts.push(put);
  });
  redactAllFast(texts, env, tally).forEach((text, i) => {
    puts[i]?.(text);
  });
  return { value: copy, ...tally };
}

/**
 * Between two strings of a value joined for one pass: no detector's match crosses it
 * without taking it in (a line of its own, and NUL is neither a word character nor space).
 */
const JOIN = "\n\u0000\n";

/**
 * Many strings redacted in one pass over them joined: a listing of 2,000 sessions holds
 * 20,000 short strings, and each pass has a fixed cost per detector. Where a mask took in a
 * joint (a match that ran from one string into the next), or a string holds the joint's
 * NUL, each string is redacted on its own instead: the result never masks less.
 */
function redactAllFast(texts: string[], env: EnvSecret[], tally: Tally): string[] {
  const alone = () => texts.map((text) => count(tally, redactFastWith(text, env)));
  if (!joinable(texts)) return alone();
  return splitJoined(texts, redactFastWith(texts.join(JOIN), env), tally) ?? alone();
}

/**
 * The same with secretlint: its fixed cost is per run (about 1.3 ms for each of a
 * handoff's 40 strings, 5 ms for them joined).
 */
async function redactAll(texts: string[], env: EnvSecret[], tally: Tally): Promise<string[]> {
  const alone = async () =>
    (await Promise.all(texts.map((text) => redactWith(text, env)))).map((r) => count(tally, r));
  if (!joinable(texts)) return alone();
  return splitJoined(texts, await redactWith(texts.join(JOIN), env), tally) ?? alone();
}

function joinable(texts: readonly string[]): boolean {
  return texts.length >= 2 && !texts.some((text) => text.includes("\u0000"));
}

/** The strings of a joined redaction, counted; null when a mask took in a joint. */
function splitJoined(texts: string[], joined: Redaction, tally: Tally): string[] | null {
  if (joined.count === 0) return texts;
  const parts = joined.text.split(JOIN);
  if (parts.length !== texts.length) return null;
  count(tally, joined);
  return parts;
}

type Tally = { count: number; kinds: Partial<Record<SecretKind, number>> };

function newTally(): Tally {
  return { count: 0, kinds: {} };
}

function count(tally: Tally, redaction: Redaction): string {
  tally.count += redaction.count;
  for (const [kind, n] of Object.entries(redaction.kinds) as [SecretKind, number][]) {
    tally.kinds[kind] = (tally.kinds[kind] ?? 0) + n;
  }
  return redaction.text;
}

/**
 * A deep copy in which every string is replaced through `visit`, which hands the new
 * string to `put` now or later. Walking the value generically means a field added to the
 * contract is redacted without anyone remembering to list it here.
 */
function mapStrings<T>(value: T, visit: (text: string, put: (next: string) => void) => void): T {
  const root = { value: structuredClone(value) };
  const walk = (holder: Record<string | number, unknown>, key: string | number): void => {
    const item = holder[key];
    if (typeof item === "string") {
      visit(item, (next) => {
        holder[key] = next;
      });
    } else if (Array.isArray(item)) {
      item.forEach((_, i) => {
        walk(item as unknown as Record<number, unknown>, i);
      });
    } else if (typeof item === "object" && item !== null) {
      for (const k of Object.keys(item)) walk(item as Record<string, unknown>, k);
    }
  };
  walk(root as Record<string, unknown>, "value");
  return root.value;
}
