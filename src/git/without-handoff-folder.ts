import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { GitFile, GitState } from "../git/capture-git.ts";

/**
 * Git's view without baton's own files: an untracked handoff folder is not work of the
 * session, and counting it would make every tree "dirty" after the first handoff. An
 * untracked parent folder that git reports as a whole (`docs/`) is dropped only when it
 * holds nothing but the handoff folder.
 */
export async function withoutHandoffFolder(git: GitState, handoffDir: string): Promise<GitState> {
  if (!git.inRepo || git.root === null) return git;
  const rel = relative(git.root, handoffDir).split(sep).join("/");
  if (rel === "" || rel.startsWith("..")) return git;
  const kept: GitFile[] = [];
  for (const file of git.files) {
    if (!(await isBatonOnly(file, rel, git.root))) kept.push(file);
  }
  if (kept.length === git.files.length) return git;
  return {
    ...git,
    files: kept,
    counts: {
      total: kept.length,
      staged: kept.filter((f) => !f.conflicted && f.state === "staged").length,
      unstaged: kept.filter((f) => !f.conflicted && f.state === "unstaged").length,
      partlyStaged: kept.filter((f) => !f.conflicted && f.state === "partly-staged").length,
      untracked: kept.filter((f) => !f.conflicted && f.state === "untracked").length,
      conflicted: kept.filter((f) => f.conflicted).length,
    },
    dirty: kept.length > 0,
  };
}

async function isBatonOnly(file: GitFile, rel: string, root: string): Promise<boolean> {
  if (file.path === rel || file.path.startsWith(`${rel}/`)) return true;
  if (file.state !== "untracked" || !file.path.endsWith("/")) return false;
  if (!rel.startsWith(file.path)) return false;
  return holdsOnly(join(root, file.path), rel.slice(file.path.length).split("/"));
}

/** Whether `dir` holds nothing but the chain of folders `chain` leads down. */
async function holdsOnly(dir: string, chain: string[]): Promise<boolean> {
  const [next, ...rest] = chain;
  if (next === undefined) return true;
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const only = entries[0];
  if (entries.length !== 1 || only === undefined || only.name !== next) return false;
  return rest.length === 0 || holdsOnly(join(dir, next), rest);
}
