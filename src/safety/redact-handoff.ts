import type { Handoff } from "../core/handoff.ts";
import { collectEnvSecrets, type EnvSecret } from "./find-env-secrets.ts";
import type { Redaction } from "./mask-spans.ts";
import { type RedactOptions, redactFastWith, redactWith } from "./redact-text.ts";
import type { SecretKind } from "./secret-kind.ts";

/** A handoff, or a draft of one that the store has not named yet. */
type Redactable = Omit<Handoff, "id">;

export type HandoffRedaction<T extends Redactable> = {
  handoff: T;
  count: number;
  kinds: Partial<Record<SecretKind, number>>;
};

/**
 * Redacts every string of the handoff (sections, topic, source, branch, everything) with
 * all sources, secretlint included. `redactions` grows by the count and `redactionKinds`
 * by the count of each kind, so redacting an already redacted handoff keeps the number
 * of masks its document holds.
 */
export async function redactHandoff<T extends Redactable>(
  handoff: T,
  options?: RedactOptions,
): Promise<HandoffRedaction<T>> {
  const env = collectEnvSecrets(options?.env ?? process.env);
  const tally = newTally();
  const strings: Promise<void>[] = [];
  const copy = mapStrings(handoff, (text, put) => {
    strings.push(redactWith(text, env).then((r) => put(count(tally, r))));
  });
  await Promise.all(strings);
  return finish(copy, handoff, tally);
}

/** The synchronous variant without secretlint, for hooks (see `redactTextFast`). */
export function redactHandoffFast<T extends Redactable>(
  handoff: T,
  options?: RedactOptions,
): HandoffRedaction<T> {
  const env: EnvSecret[] = collectEnvSecrets(options?.env ?? process.env);
  const tally = newTally();
  const copy = mapStrings(handoff, (text, put) => put(count(tally, redactFastWith(text, env))));
  return finish(copy, handoff, tally);
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

function finish<T extends Redactable>(copy: T, original: T, tally: Tally): HandoffRedaction<T> {
  const byKind: Record<string, number> = { ...original.redactionKinds };
  for (const [kind, n] of Object.entries(tally.kinds)) byKind[kind] = (byKind[kind] ?? 0) + n;
  return {
    handoff: {
      ...copy,
      redactions: original.redactions + tally.count,
      ...(Object.keys(byKind).length > 0 ? { redactionKinds: byKind } : {}),
    },
    count: tally.count,
    kinds: tally.kinds,
  };
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
