import type { Fact, Handoff } from "../../core/handoff.ts";
import type { Session } from "../../core/session.ts";
import { redactHandoffFast } from "../../safety/redact-handoff.ts";
import type { HandoffStore, StoreEntry } from "../../store/open-store.ts";
import { withTokens } from "../with-tokens.ts";
import { applyModelSections } from "./model-sections.ts";
import { type ModelSummary, summarizeWithModel } from "./summarize-with-model.ts";
import type { ModelSpec, SummarySettings } from "./summary-settings.ts";

type Env = Readonly<Record<string, string | undefined>>;

export interface ReviseWithModelInput {
  store: HandoffStore;
  /** A handoff written with its model summary pending (`deferSummary`). */
  id: string;
  session: Session | null;
  env: Env;
  settings: SummarySettings & { model: ModelSpec };
  /** Claimed Current State notes added since the capture that the model's must not replace. */
  keepNote?: (fact: Fact) => boolean;
}

export interface RevisedWithModel {
  entry: StoreEntry;
  pass: ModelSummary;
}

/**
 * The second half of a deferred `llm` summary: asks the model about the handoff as it was
 * written (its extractive sections, its parent, the session), then revises the document in
 * place under the store's lock — the model's sections over the stored ones as they are by
 * then, redacted, the token counts measured again, its id and lifecycle kept and, when this
 * machine signed it, signed again. A fallback records only the note. Null when the handoff
 * is not awaiting a summary (done already, or never asked).
 */
export async function reviseWithModel(
  input: ReviseWithModelInput,
): Promise<RevisedWithModel | null> {
  const { store } = input;
  const { handoff } = await store.get(input.id);
  if (handoff.summary?.state !== "pending") return null;
  const parent = await parentOf(store, handoff);
  const pass = await summarizeWithModel({
    sections: handoff.sections,
    parent,
    session: input.session,
    env: input.env,
    settings: input.settings,
    thorough: true,
  });
  const entry = await store.revise(handoff.id, (stored) => {
    let sections = stored.sections;
    if (pass.written !== null) {
      const kept = (stored.sections.currentState ?? []).filter(
        (fact) => fact.provenance === "claimed" && input.keepNote?.(fact) === true,
      );
      sections = applyModelSections(stored.sections, pass.written);
      if (kept.length > 0) sections.currentState = [...(sections.currentState ?? []), ...kept];
    }
    const { handoff: redacted } = redactHandoffFast(
      { ...stored, sections, summary: pass.summary },
      { env: { ...input.env } },
    );
    return { ...withTokens(redacted, stored.id), id: stored.id };
  });
  return { entry, pass };
}

async function parentOf(
  store: HandoffStore,
  handoff: Handoff,
): Promise<{ id: string; sections: Handoff["sections"] } | null> {
  if (handoff.parent === null) return null;
  try {
    const { handoff: parent } = await store.get(handoff.parent);
    return { id: parent.id, sections: parent.sections };
  } catch {
    // A parent archived away or removed: the handoff's own sections carry what it merged.
    return null;
  }
}
