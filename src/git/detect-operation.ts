import { access } from "node:fs/promises";
import { join } from "node:path";

export type GitOperation = "merge" | "rebase" | "cherry-pick" | "revert" | "bisect" | "am";

/**
 * The marker files git leaves in a work tree's own git dir while an operation is stopped.
 * Most specific first: a stopped rebase can also leave MERGE_HEAD or CHERRY_PICK_HEAD
 * behind, and a bisect can be under way while any other operation stops, so it comes last.
 */
const MARKERS: ReadonlyArray<readonly [string, GitOperation]> = [
  ["rebase-merge", "rebase"],
  ["rebase-apply/applying", "am"],
  ["rebase-apply", "rebase"],
  ["MERGE_HEAD", "merge"],
  ["CHERRY_PICK_HEAD", "cherry-pick"],
  ["REVERT_HEAD", "revert"],
  ["BISECT_LOG", "bisect"],
];

/** Reads the operation in progress from the marker files, without spawning git. */
export async function detectOperation(gitDir: string): Promise<GitOperation | null> {
  const present = await Promise.all(MARKERS.map(([marker]) => exists(join(gitDir, marker))));
  const index = present.indexOf(true);
  return index === -1 ? null : (MARKERS[index]?.[1] ?? null);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
