import { readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";

/**
 * The folder all worktrees of a repository share for handoffs: the main worktree's root.
 * Git's worktrees of one repository are one place for baton, so a handoff written in one
 * is seen from the others. Read from git's own files (a linked worktree's `.git` file names
 * its git dir, whose `commondir` names the repository's), not by spawning git: the
 * session-start hook cannot afford that. Anything else (the main worktree, no git, a bare
 * repository's worktrees, a file that cannot be read) keeps `root`.
 */
export function sharedRoot(root: string): string {
  const dotGit = join(root, ".git");
  const info = statSync(dotGit, { throwIfNoEntry: false });
  if (info === undefined || info.isDirectory()) return root;
  const gitDir = /^gitdir:\s*(.+?)\s*$/m.exec(readOrEmpty(dotGit))?.[1];
  if (gitDir === undefined) return root;
  const absoluteGitDir = isAbsolute(gitDir) ? gitDir : resolve(root, gitDir);
  const common = readOrEmpty(join(absoluteGitDir, "commondir")).trim();
  if (common === "") return root;
  const commonDir = isAbsolute(common) ? common : resolve(absoluteGitDir, common);
  if (basename(commonDir) !== ".git") return root;
  const main = dirname(commonDir);
  return statSync(main, { throwIfNoEntry: false })?.isDirectory() ? main : root;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
