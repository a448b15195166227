import { countTokens } from "../../src/core/count-tokens.ts";
import type { Handoff, Sections } from "../../src/core/handoff.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { renderPrompt } from "../../src/core/render-prompt.ts";
import type { Session } from "../../src/core/session.ts";
import type { GitState } from "../../src/git/capture-git.ts";
import { buildHandoff } from "../../src/summarize/build-handoff.ts";
import { SIZE_PRESETS, type SizePreset } from "../../src/summarize/extractive/size-presets.ts";
import { sourceFromSession } from "../../src/summarize/source-from-session.ts";

/** The handoff `baton create --from` would write for these sections, and its token counts. */
export function renderHandoff(
  session: Session,
  git: GitState,
  sections: Sections,
  size: SizePreset = "standard",
): { handoff: Handoff; document: string; documentTokens: number; promptTokens: number } {
  const draft = buildHandoff({
    git,
    modifiedFiles: null,
    planFiles: [],
    given: sections,
    trigger: "manual",
    topic: "work",
    parent: null,
    created: "2026-05-01T12:00:00.000Z",
    source: sourceFromSession(session, "/home/u"),
  });
  const handoff: Handoff = { ...draft, id: "2026-05-01-work" };
  const document = renderDocument(handoff);
  return {
    handoff,
    document,
    documentTokens: countTokens(document),
    promptTokens: renderPrompt(handoff, { budget: SIZE_PRESETS[size].promptBudget }).tokens,
  };
}
