import { countTokens } from "../core/count-tokens.ts";
import type { Handoff } from "../core/handoff.ts";
import { renderDocument } from "../core/render-document.ts";
import { renderPrompt } from "../core/render-prompt.ts";
import type { HandoffDraft } from "./build-handoff.ts";

/**
 * Token counts are recorded in the document itself, so they are measured on the handoff
 * as it will be written, under the id it will most likely get (the prompt's footer names
 * the document).
 */
export function withTokens(
  draft: HandoffDraft,
  likelyId: string,
  promptBudget?: number,
): HandoffDraft {
  const probe: Handoff = { ...draft, id: likelyId };
  const prompt = renderPrompt(
    probe,
    promptBudget === undefined ? {} : { budget: promptBudget },
  ).tokens;
  const document = countTokens(renderDocument({ ...probe, tokens: { document: 0, prompt } }));
  return { ...draft, tokens: { document, prompt } };
}
