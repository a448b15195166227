import type { Sections } from "../core/handoff.ts";
import type { Session } from "../core/session.ts";
import type { GitState } from "../git/capture-git.ts";
import type { PlanFile } from "../git/find-plan-files.ts";
import { makeExtractContext } from "./extractive/extract-context.ts";
import { extractCurrentState } from "./extractive/extract-current-state.ts";
import { extractDecisions } from "./extractive/extract-decisions.ts";
import { extractFailedApproaches } from "./extractive/extract-failed-approaches.ts";
import { extractFilesToRead } from "./extractive/extract-files-to-read.ts";
import { extractGoal } from "./extractive/extract-goal.ts";
import { extractModifiedFiles } from "./extractive/extract-modified-files.ts";
import { extractNextSteps } from "./extractive/extract-next-steps.ts";
import { extractOpenQuestions } from "./extractive/extract-open-questions.ts";
import { extractTodos } from "./extractive/extract-todos.ts";
import { extractValidation } from "./extractive/extract-validation.ts";
import { SIZE_PRESETS, type SizePreset } from "./extractive/size-presets.ts";

export interface SummarizeOptions {
  /** How much to keep; `standard` by default. */
  size?: SizePreset;
  /** Plan files found in the work tree (`findPlanFiles`), listed first in Files to Read. */
  planFiles?: readonly PlanFile[];
}

/**
 * The extractive summary: every section from the session and git alone, with no model,
 * deterministically (the same session and git state give the same sections). Facts read
 * from git, the todo store, tool calls and exit codes are verified; text taken from what
 * the model or the person wrote is claimed; a section with nothing found is null, so it
 * renders as the enrich marker for a later pass. Every list is capped by the size preset.
 */
export function summarizeSession(
  session: Session,
  git: GitState,
  options: SummarizeOptions = {},
): Sections {
  const context = makeExtractContext(
    session,
    git,
    SIZE_PRESETS[options.size ?? "standard"],
    options.planFiles ?? [],
  );
  const modifiedFiles = extractModifiedFiles(context);
  const shown = context.limits.modifiedFiles;
  const state = extractCurrentState(context);
  const cut = (modifiedFiles?.length ?? 0) - shown;
  // A list cut to fit says so, never silently.
  const cutNote = {
    text: `Modified Files lists the ${shown} most recent of ${modifiedFiles?.length} changed files: ${cut} more are in \`git status\` and the session.`,
    provenance: "verified" as const,
  };
  return {
    goal: extractGoal(context),
    currentState: cut > 0 ? [...(state ?? []), cutNote] : state,
    keyDecisions: extractDecisions(context),
    failedApproaches: extractFailedApproaches(context),
    modifiedFiles: modifiedFiles?.slice(0, shown) ?? null,
    todos: extractTodos(context),
    validation: extractValidation(context),
    filesToRead: extractFilesToRead(context),
    nextSteps: extractNextSteps(context),
    openQuestions: extractOpenQuestions(context),
  };
}
