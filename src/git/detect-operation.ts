import { access, readFile } from "node:fs/promises";
import { join } from "node:path";

export type GitOperation = "merge" | "rebase" | "cherry-pick" | "revert" | "bisect" | "am";

export interface OperationInProgress {
  operation: GitOperation | null;
  /**
   * The branch a rebase or bisect started from. HEAD is detached while they run, so this
   * is the only way to name the line of work; null for other operations.
   */
  branch: string | null;
}

/**
 * The marker files git leaves in a work tree's own git dir while an operation is stopped.
 * Most specific first: a stopped rebase can also leave MERGE_HEAD or CHERRY_PICK_HEAD
 * behind, and a bisect can be under way while any other operation stops, so it comes last.
 */
const MARKERS: ReadonlyArray<readonly [string, GitOperation, string | null]> = [
  ["rebase-merge", "rebase", "rebase-merge/head-name"],
  ["rebase-apply/applying", "am", null],
  ["rebase-apply", "rebase", "rebase-apply/head-name"],
  ["MERGE_HEAD", "merge", null],
  ["CHERRY_PICK_HEAD", "cherry-pick", null],
  ["REVERT_HEAD", "revert", null],
  ["BISECT_LOG", "bisect", "BISECT_START"],
];

/** Reads the operation in progress from the marker files, without spawning git. */
export async function detectOperation(gitDir: string): Promise<OperationInProgress> {
  const present = await Promise.all(MARKERS.map(([marker]) => exists(join(gitDir, marker))));
  const marker = MARKERS[present.indexOf(true)];
  if (marker === undefined) return { operation: null, branch: null };
  const [, operation, branchFile] = marker;
  return {
    operation,
    branch: branchFile === null ? null : await readBranch(join(gitDir, branchFile)),
  };
}

async function readBranch(path: string): Promise<string | null> {
  const text = (await readFile(path, "utf8").catch(() => "")).trim();
  // A rebase of a detached HEAD writes "detached HEAD"; a bisect started detached, a sha.
  if (text === "" || text === "detached HEAD" || /^[0-9a-f]{40,64}$/.test(text)) return null;
  return text.replace(/^refs\/heads\//, "");
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
