import {
  emptySections,
  type FileToRead,
  HANDOFF_SCHEMA,
  type Handoff,
  type ModifiedFile,
  type Sections,
  type Source,
  type Trigger,
} from "../core/handoff.ts";
import type { GitState } from "../git/capture-git.ts";
import type { PlanFile, PlanFileKind } from "../git/find-plan-files.ts";

/** A handoff before the store names it (the store assigns `id`). */
export type HandoffDraft = Omit<Handoff, "id">;

export interface BuildHandoffInput {
  git: GitState;
  /** Git's view of the changed files (verified); null when there is no repository. */
  modifiedFiles: ModifiedFile[] | null;
  /** Plan and spec files found in the work tree (verified). */
  planFiles: readonly PlanFile[];
  /** The semantic sections a model or person wrote (claimed). */
  given: Partial<Sections>;
  trigger: Trigger;
  topic: string;
  parent: string | null;
  created: string;
  source: Source;
}

/**
 * Joins the mechanical facts and the given sections into one handoff. Verified facts win
 * where both speak; a section nobody filled stays null, so it renders as the enrich marker
 * instead of looking empty.
 */
export function buildHandoff(input: BuildHandoffInput): HandoffDraft {
  const sections: Sections = { ...emptySections(), ...dropUndefined(input.given) };
  sections.modifiedFiles = mergeByPath(input.modifiedFiles, input.given.modifiedFiles ?? null);
  sections.filesToRead = mergeByPath(
    input.planFiles.length > 0 ? input.planFiles.map(toFileToRead) : null,
    input.given.filesToRead ?? null,
  );
  return {
    schema: HANDOFF_SCHEMA,
    created: input.created,
    trigger: input.trigger,
    status: "open",
    topic: input.topic,
    branch: input.git.branch,
    head: input.git.head,
    dirty: input.git.dirty,
    source: input.source,
    parent: input.parent,
    claim: null,
    restoredAt: null,
    supersededBy: null,
    tokens: null,
    redactions: 0,
    sections,
  };
}

/**
 * The topic a handoff is filed under: the explicit one, else the branch (a trunk or a
 * detached HEAD says nothing about the work), else the goal, else "handoff".
 */
export function chooseTopic(options: {
  topic?: string | undefined;
  branch: string | null;
  goal: string | null;
}): string {
  const explicit = options.topic?.trim();
  if (explicit) return explicit;
  const branch = options.branch?.trim();
  if (branch && !TRUNK_BRANCHES.has(branch)) return branch;
  const goal = options.goal?.trim();
  if (goal) return goal;
  return "handoff";
}

const TRUNK_BRANCHES = new Set(["main", "master"]);

const PLAN_REASONS: Readonly<Record<PlanFileKind, string>> = {
  plan: "plan",
  spec: "spec",
  todo: "todo list",
};

function toFileToRead(file: PlanFile): FileToRead {
  return { path: file.path, reason: PLAN_REASONS[file.kind], provenance: "verified" };
}

/** Verified entries first; claimed ones only for paths the verified list does not hold. */
function mergeByPath<T extends { path: string }>(
  verified: T[] | null,
  claimed: T[] | null,
): T[] | null {
  if (verified === null) return claimed;
  if (claimed === null) return verified;
  const known = new Set(verified.map((entry) => entry.path));
  return [...verified, ...claimed.filter((entry) => !known.has(entry.path))];
}

function dropUndefined(given: Partial<Sections>): Partial<Sections> {
  return Object.fromEntries(
    Object.entries(given).filter(([, value]) => value !== undefined),
  ) as Partial<Sections>;
}
