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
 * its items with extracted ones would blur which is which), except the file lists: there
 * the extracted entries, read from git and the tool calls, stay, and given ones join for
 * the paths they do not list (as `buildHandoff` does with git's).
 */
export function sectionsFromSession(input: SectionsFromSessionInput): Sections {
  const { session, git, size } = input;
  let sections = summarizeSession(session, git, { size, planFiles: input.planFiles });
  if (input.parent) sections = mergeWithParent(sections, input.parent, { session, size });
  const { modifiedFiles, filesToRead, ...semantic } = input.given ?? {};
  for (const [name, value] of Object.entries(semantic) as [keyof Sections, unknown][]) {
    if (value !== undefined) (sections as Record<keyof Sections, unknown>)[name] = value;
  }
  sections.modifiedFiles = joinByPath(sections.modifiedFiles, modifiedFiles);
  sections.filesToRead = joinByPath(sections.filesToRead, filesToRead);
  return sections;
}

function joinByPath<T extends { path: string }>(
  extracted: T[] | null,
  given: T[] | null | undefined,
): T[] | null {
  if (given === undefined || given === null) return extracted;
  if (extracted === null) return given;
  const known = new Set(extracted.map((entry) => entry.path));
  return [...extracted, ...given.filter((entry) => !known.has(entry.path))];
}
