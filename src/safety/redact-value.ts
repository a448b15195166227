import { collectEnvSecrets } from "./find-env-secrets.ts";
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
  const strings: Promise<void>[] = [];
  const copy = mapStrings(value, (text, put) => {
    strings.push(redactWith(text, env).then((r) => put(count(tally, r))));
  });
  await Promise.all(strings);
  return { value: copy, ...tally };
}

/** The synchronous variant without secretlint, for hooks and printing (see `redactTextFast`). */
export function redactValueFast<T>(value: T, options?: RedactOptions): ValueRedaction<T> {
  const env = collectEnvSecrets(options?.env ?? process.env);
  const tally = newTally();
  const copy = mapStrings(value, (text, put) => put(count(tally, redactFastWith(text, env))));
  return { value: copy, ...tally };
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
