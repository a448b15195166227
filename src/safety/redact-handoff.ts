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
 * all sources, secretlint included. `redactions` grows by the count, so redacting an
 * already redacted handoff keeps the number of masks its document holds.
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
  return {
    handoff: { ...redacted.value, redactions: original.redactions + redacted.count },
    count: redacted.count,
    kinds: redacted.kinds,
  };
}
