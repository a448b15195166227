import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FileChange, ModifiedFile } from "../../core/handoff.ts";
import type { FileTouch } from "../../core/session.ts";
import type { GitFile } from "../../git/capture-git.ts";
import type { ExtractContext } from "./extract-context.ts";
import { toRepoPath } from "./to-repo-path.ts";

/**
 * The files the session changed (from its tool calls) joined with what git reports,
 * relative to the repository root, all verified. A file the session changed takes git's
 * change and state when git still lists it (so uncommitted changes are marked), and
 * `committed` when git lists it no more. Files git reports that the session never touched
 * follow (another session's or the person's work is still part of the tree), except an
 * untracked folder holding files the session wrote (they already say what is new there). Most
 * recently touched first; capped, with the cut counted by the caller's state note.
 */
export function extractModifiedFiles(context: ExtractContext): ModifiedFile[] | null {
  const gitFiles = new Map<string, GitFile>();
  for (const file of context.git.files) gitFiles.set(file.path, file);
  const out: ModifiedFile[] = [];
  const listed = new Set<string>();
  for (const touch of changedByModel(context)) {
    const path = toRepoPath(touch.path, context.root, context.session.cwd);
    if (path === null || listed.has(path)) continue;
    listed.add(path);
    const git = gitFiles.get(path) ?? untrackedFolderOf(context.git.files, path);
    if (git !== undefined) {
      out.push({
        path,
        change: git.change,
        state: git.state,
        from: git.from,
        provenance: "verified",
      });
    } else {
      out.push({
        path,
        change: changeOf(touch),
        state: context.git.inRepo ? committedOrAbsent(context, path, changeOf(touch)) : null,
        from: null,
        provenance: "verified",
      });
    }
  }
  for (const file of context.git.files) {
    if (listed.has(file.path) || coversListed(file, listed)) continue;
    listed.add(file.path);
    out.push({
      path: file.path,
      change: file.change,
      state: file.state,
      from: file.from,
      provenance: "verified",
    });
  }
  return out.length === 0 ? null : out;
}

/**
 * A file the session changed that git no longer lists: committed since, when it is in this
 * checkout; absent when it is not (created and removed again, or ignored and gone).
 */
function committedOrAbsent(
  context: ExtractContext,
  path: string,
  change: FileChange,
): "committed" | "absent" {
  const root = context.root;
  // A deletion git lists no more is a committed one: the file is meant to be gone.
  if (root === null || change === "deleted") return "committed";
  return existsSync(join(root, path)) ? "committed" : "absent";
}

/** An untracked folder whose news the session's own files in it already tell. */
function coversListed(file: GitFile, listed: ReadonlySet<string>): boolean {
  if (file.state !== "untracked" || !file.path.endsWith("/")) return false;
  for (const path of listed) if (path.startsWith(file.path)) return true;
  return false;
}

/**
 * Git lists a new folder as one untracked entry (`pkg/`); a file the session wrote inside
 * it is untracked too, not committed.
 */
function untrackedFolderOf(files: readonly GitFile[], path: string): GitFile | undefined {
  const folder = files.find(
    (file) => file.state === "untracked" && file.path.endsWith("/") && path.startsWith(file.path),
  );
  return folder === undefined ? undefined : { ...folder, path, change: "untracked" };
}

/** Files the session created, wrote, edited or deleted, most recent first. */
export function changedByModel(context: ExtractContext): FileTouch[] {
  return context.session.files
    .filter((touch) => touch.kinds.some((kind) => kind !== "read"))
    .map((touch, index) => ({ touch, index }))
    .sort((a, b) => (b.touch.lastAt ?? "").localeCompare(a.touch.lastAt ?? "") || b.index - a.index)
    .map(({ touch }) => touch);
}

function changeOf(touch: FileTouch): FileChange {
  if (touch.kinds.includes("deleted")) return "deleted";
  if (touch.kinds.includes("created")) return "added";
  return "modified";
}
