import type { Handoff } from "../core/handoff.ts";
import type { RedactOptions } from "./redact-text.ts";
import { redactValue, redactValueFast, type ValueRedaction } from "./redact-value.ts";
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
  return finish(await redactValue(handoff, options), handoff);
}

/** The synchronous variant without secretlint, for hooks (see `redactTextFast`). */
export function redactHandoffFast<T extends Redactable>(
  handoff: T,
  options?: RedactOptions,
): HandoffRedaction<T> {
  return finish(redactValueFast(handoff, options), handoff);
}

function finish<T extends Redactable>(
  redacted: ValueRedaction<T>,
  original: T,
): HandoffRedaction<T> {
  const byKind: Record<string, number> = { ...original.redactionKinds };
  for (const [kind, n] of Object.entries(redacted.kinds))
    byKind[kind] = (byKind[kind] ?? 0) + (n ?? 0);
  return {
    handoff: {
      ...redacted.value,
      redactions: original.redactions + redacted.count,
      ...(Object.keys(byKind).length > 0 ? { redactionKinds: byKind } : {}),
    },
    count: redacted.count,
    kinds: redacted.kinds,
  };
}
