import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

export interface RepoLocation {
  /** The work tree's top folder, or `cwd` itself outside git. */
  root: string;
  inRepo: boolean;
  /** Null when HEAD is detached or unreadable. */
  branch: string | null;
}

/**
 * The repository root and branch of `cwd`, read from the `.git` files themselves. The
 * session-start hook has 150 ms for its whole process; spawning git costs a good part
 * of that, and these two facts are plain files (a linked worktree's `.git` is a file
 * naming its git dir).
 */
export function locateRepo(cwd: string): RepoLocation {
  // Real paths, as git reports them: the other hooks name handoffs by git's root.
  const start = realOrResolved(cwd);
  let dir = start;
  for (;;) {
    const dotGit = join(dir, ".git");
    const info = statSync(dotGit, { throwIfNoEntry: false });
    if (info !== undefined) {
      const gitDir = info.isDirectory() ? dotGit : readGitDirLink(dotGit, dir);
      return { root: dir, inRepo: true, branch: gitDir === null ? null : readBranch(gitDir) };
    }
    const parent = dirname(dir);
    if (parent === dir) return { root: start, inRepo: false, branch: null };
    dir = parent;
  }
}

function readGitDirLink(file: string, dir: string): string | null {
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(readOrEmpty(file));
  if (!match?.[1]) return null;
  return isAbsolute(match[1]) ? match[1] : resolve(dir, match[1]);
}

function readBranch(gitDir: string): string | null {
  const match = /^ref:\s*refs\/heads\/(.+?)\s*$/.exec(readOrEmpty(join(gitDir, "HEAD")));
  return match?.[1] ?? null;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
