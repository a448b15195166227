import type { Handoff, Sections } from "../core/handoff.ts";
import type { Session } from "../core/session.ts";
import type { GitState } from "../git/capture-git.ts";
import type { PlanFile } from "../git/find-plan-files.ts";
import type { SizePreset } from "./extractive/size-presets.ts";
import { mergeWithParent } from "./merge-with-parent.ts";
import { summarizeSession } from "./summarize-session.ts";

export interface SectionsFromSessionInput {
  session: Session;
  git: GitState;
  /** Sections a model or a person gave: each one given replaces the extracted one. */
  given?: Partial<Sections>;
  size?: SizePreset;
  /** The handoff this one continues: what still holds is carried forward. */
  parent?: Handoff | null;
  planFiles?: readonly PlanFile[];
}

/**
 * The sections of a handoff made from a session, for `baton create --from`: the extractive
 * summary, merged with the parent handoff, then overridden section by section by whatever
 * was given. A given section wins whole (it is someone's deliberate account, and mixing
 * its items with extracted ones would blur which is which).
 */
export function sectionsFromSession(input: SectionsFromSessionInput): Sections {
  const { session, git, size } = input;
  let sections = summarizeSession(session, git, { size, planFiles: input.planFiles });
  if (input.parent) sections = mergeWithParent(sections, input.parent, { session, size });
  const given = input.given ?? {};
  for (const [name, value] of Object.entries(given) as [keyof Sections, unknown][]) {
    if (value !== undefined) (sections as Record<keyof Sections, unknown>)[name] = value;
  }
  return sections;
}
