import { stat } from "node:fs/promises";
import type { FileChange, FileState } from "../core/handoff.ts";
import { detectOperation, type GitOperation } from "./detect-operation.ts";
import { parsePorcelainStatus, type StatusUpstream } from "./parse-porcelain-status.ts";
import { runGit } from "./run-git.ts";

export type { GitOperation } from "./detect-operation.ts";
export type GitUpstream = StatusUpstream;

export interface GitFile {
  path: string;
  /** The original path of a rename or copy. */
  from: string | null;
  change: FileChange;
  state: FileState;
  conflicted: boolean;
}

export interface GitCounts {
  total: number;
  staged: number;
  unstaged: number;
  partlyStaged: number;
  untracked: number;
  conflicted: number;
}

/**
 * The git facts of a work tree at one moment. When `inRepo` is false, `reason` says why
 * (outside a repository, git missing, git timed out, ...) and every other field is empty:
 * capture never guesses at a state it could not read.
 */
export interface GitState {
  inRepo: boolean;
  reason: string | null;
  /** The work tree's top-level folder. */
  root: string | null;
  /** This work tree's own git dir (`.git/worktrees/<name>` in a linked worktree). */
  gitDir: string | null;
  isLinkedWorktree: boolean;
  /** Null when HEAD is detached (also during a rebase). */
  branch: string | null;
  detached: boolean;
  /** The full HEAD sha; null before the first commit. */
  head: string | null;
  noCommits: boolean;
  upstream: GitUpstream | null;
  files: GitFile[];
  counts: GitCounts;
  operation: GitOperation | null;
  /** The branch a rebase or bisect in progress started from, while `branch` is null. */
  operationBranch: string | null;
  stashCount: number;
  lastCommitSubject: string | null;
  /** Any staged, unstaged, conflicted or untracked (not ignored) file; null outside a repo. */
  dirty: boolean | null;
}

export interface CaptureGitOptions {
  env?: NodeJS.ProcessEnv;
  /** Per git process; they run in parallel. */
  timeoutMs?: number;
}

export const DEFAULT_GIT_TIMEOUT_MS = 5000;

const STATUS_ARGS = [
  // With -z git never quotes paths; pinning quotePath keeps that so under any user config.
  "-c",
  "core.quotePath=false",
  "status",
  "--porcelain=v2",
  "--branch",
  "--show-stash",
  // Explicit, so status.* and color settings meant for people cannot change the output.
  "--ahead-behind",
  "--untracked-files=normal",
  "-z",
];
const REV_PARSE_ARGS = [
  "rev-parse",
  "--path-format=absolute",
  "--git-dir",
  "--git-common-dir",
  "--show-toplevel",
];
const SUBJECT_ARGS = ["log", "-1", "--no-show-signature", "--format=%s"];

/** Reads the git state of the work tree holding `cwd`. Never throws. */
export async function captureGit(cwd: string, options: CaptureGitOptions = {}): Promise<GitState> {
  try {
    return await capture(cwd, options);
  } catch (error) {
    return notInRepo(
      `git capture failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function capture(cwd: string, options: CaptureGitOptions): Promise<GitState> {
  const folder = await stat(cwd).catch(() => null);
  if (folder === null) return notInRepo(`folder does not exist: ${cwd}`);
  if (!folder.isDirectory()) return notInRepo(`not a folder: ${cwd}`);

  const run = { cwd, env: options.env, timeoutMs: options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS };
  const [revParse, status, subject] = await Promise.all([
    runGit(REV_PARSE_ARGS, run),
    runGit(STATUS_ARGS, run),
    runGit(SUBJECT_ARGS, run),
  ]);
  if (!revParse.ok) return notInRepo(notInRepoReason(revParse.message));
  if (!status.ok) return notInRepo(notInRepoReason(status.message));

  const [gitDir = "", commonDir = "", root = ""] = revParse.stdout.toString("utf8").split("\n");
  const parsed = parsePorcelainStatus(status.stdout);
  const inProgress = await detectOperation(gitDir);
  const files: GitFile[] = parsed.entries.map(({ path, from, change, state, conflicted }) => ({
    path,
    from,
    change,
    state,
    conflicted,
  }));
  return {
    inRepo: true,
    reason: null,
    root,
    gitDir,
    isLinkedWorktree: gitDir !== commonDir,
    branch: parsed.branch,
    detached: parsed.detached,
    head: parsed.oid,
    noCommits: parsed.initial,
    upstream: parsed.upstream,
    files,
    counts: countFiles(files),
    operation: inProgress.operation,
    operationBranch: inProgress.branch,
    stashCount: parsed.stashCount,
    lastCommitSubject: subject.ok ? subject.stdout.toString("utf8").replace(/\n$/, "") : null,
    dirty: files.length > 0,
  };
}

function notInRepoReason(message: string): string {
  // git names the folders it searched; the reason should read the same wherever it ran.
  return message.startsWith("not a git repository") ? "not a git repository" : message;
}

function countFiles(files: readonly GitFile[]): GitCounts {
  const counts: GitCounts = {
    total: files.length,
    staged: 0,
    unstaged: 0,
    partlyStaged: 0,
    untracked: 0,
    conflicted: 0,
  };
  for (const file of files) {
    if (file.conflicted) counts.conflicted++;
    else if (file.state === "staged") counts.staged++;
    else if (file.state === "unstaged") counts.unstaged++;
    else if (file.state === "partly-staged") counts.partlyStaged++;
    else if (file.state === "untracked") counts.untracked++;
  }
  return counts;
}

/**
 * Git as seen by a session recorded in another folder: none of this checkout's state is
 * its state, so it has none but the branch it recorded.
 */
export function gitOfElsewhere(branch: string | null): GitState {
  return { ...notInRepo("the session was recorded in another folder"), branch };
}

function notInRepo(reason: string): GitState {
  return {
    inRepo: false,
    reason,
    root: null,
    gitDir: null,
    isLinkedWorktree: false,
    branch: null,
    detached: false,
    head: null,
    noCommits: false,
    upstream: null,
    files: [],
    counts: countFiles([]),
    operation: null,
    operationBranch: null,
    stashCount: 0,
    lastCommitSubject: null,
    dirty: null,
  };
}
