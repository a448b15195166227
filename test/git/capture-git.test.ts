import { chmodSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CaptureGitOptions, captureGit, type GitFile } from "../../src/git/capture-git.ts";
import {
  gitTestEnv,
  makeTempDir,
  makeTempRepo,
  openTempRepo,
  type TempRepo,
} from "../support/temp-repo.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function repo(options?: Parameters<typeof makeTempRepo>[0]): TempRepo {
  const made = makeTempRepo(options);
  cleanups.push(made.cleanup);
  return made;
}

function tempDir(): string {
  const dir = makeTempDir();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The test environment, with git stopped from searching above the temp folders. */
function options(extra: NodeJS.ProcessEnv = {}): CaptureGitOptions {
  return {
    env: {
      ...process.env,
      ...gitTestEnv,
      GIT_CEILING_DIRECTORIES: realpathSync(tmpdir()),
      ...extra,
    },
  };
}

function fileAt(files: GitFile[], path: string): GitFile {
  const file = files.find((f) => f.path === path);
  if (file === undefined)
    throw new Error(`no entry for ${JSON.stringify(path)} in ${JSON.stringify(files)}`);
  return file;
}

/** Alive and not a zombie: a killed orphan may stay unreaped where PID 1 does not reap. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\S+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return false;
  }
}

describe("captureGit outside a usable repository", () => {
  it("reports a plain folder as not a repository instead of throwing", async () => {
    const state = await captureGit(tempDir(), options());
    expect(state).toMatchObject({
      inRepo: false,
      reason: "not a git repository",
      root: null,
      head: null,
      files: [],
      dirty: null,
      operation: null,
    });
  });

  it("reports a folder that does not exist", async () => {
    const missing = join(tempDir(), "gone");
    const state = await captureGit(missing, options());
    expect(state.inRepo).toBe(false);
    expect(state.reason).toBe(`folder does not exist: ${missing}`);
  });

  it("reports git missing from PATH", async () => {
    const made = repo();
    const state = await captureGit(made.dir, options({ PATH: tempDir() }));
    expect(state).toMatchObject({ inRepo: false, reason: "git is not installed" });
  });

  it("reports a bare repository and a git dir as having no work tree", async () => {
    const made = repo();
    const bare = join(tempDir(), "bare.git");
    made.git("clone", "-q", "--bare", made.dir, bare);
    for (const dir of [bare, join(made.dir, ".git")]) {
      const state = await captureGit(dir, options());
      expect(state.inRepo).toBe(false);
      expect(state.reason).toBe("this operation must be run in a work tree");
    }
  });

  it("kills a git that hangs and reports the timeout", async () => {
    const made = repo();
    // A slow fsmonitor hook is a real way for git status to hang; it also keeps stderr open.
    const hook = join(tempDir(), "slow-fsmonitor");
    const pidFile = join(tempDir(), "hook.pid");
    writeFileSync(hook, `#!/bin/sh\necho $$ > '${pidFile}'\nsleep 20\n`);
    chmodSync(hook, 0o755);
    const started = Date.now();
    const state = await captureGit(made.dir, {
      ...options({
        GIT_CONFIG_COUNT: "1",
        GIT_CONFIG_KEY_0: "core.fsmonitor",
        GIT_CONFIG_VALUE_0: hook,
      }),
      timeoutMs: 1500,
    });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(state.inRepo).toBe(false);
    expect(state.reason).toBe("git status timed out after 1500 ms and was killed");
    // The hook git started was killed with it rather than left sleeping.
    const hookPid = Number(readFileSync(pidFile, "utf8"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isRunning(hookPid)).toBe(false);
  });
});

describe("captureGit in a repository", () => {
  it("reads a clean repository", async () => {
    const made = repo();
    const head = made.commit("second: ünïcode ✓ subject\n\nand a body");
    const state = await captureGit(made.dir, options());
    expect(state).toEqual({
      inRepo: true,
      reason: null,
      root: made.dir,
      gitDir: join(made.dir, ".git"),
      isLinkedWorktree: false,
      branch: "main",
      detached: false,
      head,
      noCommits: false,
      upstream: null,
      files: [],
      counts: { total: 0, staged: 0, unstaged: 0, partlyStaged: 0, untracked: 0, conflicted: 0 },
      operation: null,
      operationBranch: null,
      stashCount: 0,
      lastCommitSubject: "second: ünïcode ✓ subject",
      dirty: false,
    });
  });

  it("classifies every kind of change, with paths relative to the root from a subfolder", async () => {
    const made = repo();
    made.write("staged.txt", "a\n");
    made.write("unstaged.txt", "a\n");
    made.write("partly.txt", "a\n");
    made.write("deleted.txt", "a\n");
    made.write("deleted-staged.txt", "a\n");
    made.write("old-name.txt", "the same content, long enough for rename detection\n");
    made.write("link-later.txt", "a\n");
    made.write("src/deep/file.ts", "a\n");
    made.commit("base");

    made.write("staged.txt", "b\n");
    made.git("add", "staged.txt");
    made.write("unstaged.txt", "b\n");
    made.write("partly.txt", "b\n");
    made.git("add", "partly.txt");
    made.write("partly.txt", "c\n");
    rmSync(join(made.dir, "deleted.txt"));
    made.git("rm", "-q", "deleted-staged.txt");
    made.git("mv", "old-name.txt", "new-name.txt");
    made.write("added.txt", "new\n");
    made.git("add", "added.txt");
    made.write("intent.txt", "new\n");
    made.git("add", "-N", "intent.txt");
    rmSync(join(made.dir, "link-later.txt"));
    symlinkSync("staged.txt", join(made.dir, "link-later.txt"));
    made.write("untracked.txt", "new\n");
    made.write("new-folder/a.txt", "new\n");

    const state = await captureGit(join(made.dir, "src", "deep"), options());
    expect(state.root).toBe(made.dir);
    expect(state.dirty).toBe(true);
    const expected: Array<[string, Omit<GitFile, "path">]> = [
      ["staged.txt", { from: null, change: "modified", state: "staged", conflicted: false }],
      ["unstaged.txt", { from: null, change: "modified", state: "unstaged", conflicted: false }],
      ["partly.txt", { from: null, change: "modified", state: "partly-staged", conflicted: false }],
      ["deleted.txt", { from: null, change: "deleted", state: "unstaged", conflicted: false }],
      ["deleted-staged.txt", { from: null, change: "deleted", state: "staged", conflicted: false }],
      [
        "new-name.txt",
        { from: "old-name.txt", change: "renamed", state: "staged", conflicted: false },
      ],
      ["added.txt", { from: null, change: "added", state: "staged", conflicted: false }],
      ["intent.txt", { from: null, change: "added", state: "unstaged", conflicted: false }],
      [
        "link-later.txt",
        { from: null, change: "type-changed", state: "unstaged", conflicted: false },
      ],
      ["untracked.txt", { from: null, change: "untracked", state: "untracked", conflicted: false }],
      ["new-folder/", { from: null, change: "untracked", state: "untracked", conflicted: false }],
    ];
    for (const [path, fields] of expected) {
      expect(fileAt(state.files, path), path).toEqual({ path, ...fields });
    }
    expect(state.files).toHaveLength(expected.length);
    expect(state.counts).toEqual({
      total: 11,
      staged: 4,
      unstaged: 4,
      partlyStaged: 1,
      untracked: 2,
      conflicted: 0,
    });
  });

  it("reads a repository with no commits", async () => {
    const made = repo({ initialCommit: false, branch: "trunk" });
    made.write("first.txt", "a\n");
    made.git("add", "first.txt");
    made.write("loose.txt", "b\n");
    const state = await captureGit(made.dir, options());
    expect(state).toMatchObject({
      inRepo: true,
      branch: "trunk",
      detached: false,
      head: null,
      noCommits: true,
      lastCommitSubject: null,
      dirty: true,
      counts: { total: 2, staged: 1, untracked: 1 },
    });
    expect(fileAt(state.files, "first.txt").change).toBe("added");
  });

  it("reads a detached HEAD", async () => {
    const made = repo();
    const first = made.git("rev-parse", "HEAD").trim();
    made.commit("second");
    made.git("checkout", "-q", "--detach", first);
    const state = await captureGit(made.dir, options());
    expect(state).toMatchObject({
      branch: null,
      detached: true,
      head: first,
      lastCommitSubject: "initial commit",
    });
  });

  it("reads a linked worktree as its own work tree", async () => {
    const made = repo();
    const worktreeDir = join(tempDir(), "wt");
    made.git("worktree", "add", "-q", "-b", "feature", worktreeDir);
    const worktree = openTempRepo(worktreeDir);
    worktree.write("only-here.txt", "x\n");
    made.write("only-main.txt", "x\n");

    const state = await captureGit(worktreeDir, options());
    expect(state).toMatchObject({
      inRepo: true,
      root: worktreeDir,
      gitDir: join(made.dir, ".git", "worktrees", "wt"),
      isLinkedWorktree: true,
      branch: "feature",
      files: [{ path: "only-here.txt", change: "untracked" }],
    });
    const main = await captureGit(made.dir, options());
    expect(main).toMatchObject({ isLinkedWorktree: false, branch: "main" });
    expect(main.files.map((f) => f.path)).toEqual(["only-main.txt"]);
  });

  it("keeps file names with spaces, unicode and newlines intact", async () => {
    const made = repo();
    made.git("config", "core.quotePath", "true");
    const names = ["with space.txt", "ünïcödé ✓ 文件.md", "new\nline.txt", "tab\there.txt"];
    for (const name of names) made.write(name, `${name}\n`);
    made.write("renamed from\nhere.txt", "content long enough to be detected as a rename\n");
    made.commit("odd names");
    for (const name of names) made.write(name, "changed\n");
    made.git("mv", "renamed from\nhere.txt", "renamed to ✓.txt");
    made.write("dir with space/untracked\nfile", "x\n");
    made.write('quote"d.txt', "x\n");

    const state = await captureGit(made.dir, options());
    for (const name of names) {
      expect(fileAt(state.files, name)).toMatchObject({ change: "modified", state: "unstaged" });
    }
    expect(fileAt(state.files, "renamed to ✓.txt")).toMatchObject({
      from: "renamed from\nhere.txt",
      change: "renamed",
    });
    expect(fileAt(state.files, "dir with space/").change).toBe("untracked");
    expect(fileAt(state.files, 'quote"d.txt').change).toBe("untracked");
    expect(state.files).toHaveLength(names.length + 3);
  });

  it("gives the same answer whatever the user's status and color settings", async () => {
    const made = repo();
    made.write("README.md", "changed\n");
    made.write("new.txt", "x\n");
    made.git("stash", "push", "-q", "--", "README.md");
    made.write("README.md", "changed again\n");
    const plain = await captureGit(made.dir, options());
    const settings: Array<[string, string]> = [
      ["color.ui", "always"],
      ["color.status", "always"],
      ["status.showUntrackedFiles", "no"],
      ["status.showStash", "false"],
      ["status.branch", "false"],
      ["log.showSignature", "true"],
      ["format.pretty", "oneline"],
    ];
    for (const [key, value] of settings) made.git("config", key, value);
    const configured = await captureGit(made.dir, options());
    expect(configured).toEqual(plain);
    expect(configured).toMatchObject({ stashCount: 1, counts: { unstaged: 1, untracked: 1 } });
  });

  it("reads stashes", async () => {
    const made = repo();
    for (const n of [1, 2, 3]) {
      made.write("README.md", `change ${n}\n`);
      made.git("stash", "push", "-q", "-m", `stash ${n}`);
    }
    const state = await captureGit(made.dir, options());
    expect(state.stashCount).toBe(3);
    expect(state.dirty).toBe(false);
  });
});

describe("captureGit with an upstream", () => {
  function cloneOf(remoteDir: string): TempRepo {
    const dir = join(tempDir(), "clone");
    openTempRepo(dirname(dir)).git("clone", "-q", remoteDir, dir);
    return openTempRepo(dir);
  }

  it("counts commits ahead and behind, and notices a gone upstream", async () => {
    const source = repo();
    const remoteDir = join(tempDir(), "remote.git");
    source.git("clone", "-q", "--bare", source.dir, remoteDir);
    const mine = cloneOf(remoteDir);
    const theirs = cloneOf(remoteDir);

    theirs.write("theirs.txt", "1\n");
    theirs.commit("theirs 1");
    theirs.git("push", "-q", "origin", "main");
    mine.write("mine.txt", "1\n");
    mine.commit("mine 1");
    mine.write("mine.txt", "2\n");
    mine.commit("mine 2");
    mine.git("fetch", "-q");
    // Porcelain output must not follow a config meant for people reading status.
    mine.git("config", "status.aheadBehind", "false");

    const state = await captureGit(mine.dir, options());
    expect(state.upstream).toEqual({ name: "origin/main", ahead: 2, behind: 1, gone: false });

    mine.git("checkout", "-q", "-b", "topic");
    mine.git("push", "-q", "-u", "origin", "topic");
    theirs.git("push", "-q", "origin", "--delete", "topic");
    mine.git("fetch", "-q", "--prune");
    const gone = await captureGit(mine.dir, options());
    expect(gone.upstream).toEqual({ name: "origin/topic", ahead: null, behind: null, gone: true });
  });
});

describe("captureGit during an operation", () => {
  /** A repo whose `main` and `other` branches both changed the same line of conflict.txt. */
  function divergedRepo(): TempRepo {
    const made = repo();
    made.write("conflict.txt", "base\n");
    made.commit("base");
    made.git("checkout", "-q", "-b", "other");
    made.write("conflict.txt", "other\n");
    made.commit("other side");
    made.git("checkout", "-q", "main");
    made.write("conflict.txt", "main\n");
    made.commit("main side");
    return made;
  }

  function failing(made: TempRepo, ...args: string[]): void {
    expect(() => made.git(...args)).toThrow();
  }

  it("reads a merge conflict", async () => {
    const made = divergedRepo();
    failing(made, "merge", "-q", "other");
    const state = await captureGit(made.dir, options());
    expect(state).toMatchObject({
      operation: "merge",
      operationBranch: null,
      branch: "main",
      dirty: true,
    });
    expect(fileAt(state.files, "conflict.txt")).toEqual({
      path: "conflict.txt",
      from: null,
      change: "conflicted",
      state: "unstaged",
      conflicted: true,
    });
    expect(state.counts.conflicted).toBe(1);
  });

  it("reads a rebase stopped on a conflict", async () => {
    const made = divergedRepo();
    made.git("checkout", "-q", "other");
    failing(made, "rebase", "main");
    const state = await captureGit(made.dir, options());
    expect(state).toMatchObject({
      operation: "rebase",
      operationBranch: "other",
      branch: null,
      detached: true,
    });
    expect(fileAt(state.files, "conflict.txt").conflicted).toBe(true);
  });

  it("reads a cherry-pick conflict", async () => {
    const made = divergedRepo();
    failing(made, "cherry-pick", "other");
    const state = await captureGit(made.dir, options());
    expect(state).toMatchObject({ operation: "cherry-pick", branch: "main" });
    expect(state.counts.conflicted).toBe(1);
  });

  it("reads a revert conflict", async () => {
    const made = divergedRepo();
    made.write("conflict.txt", "later\n");
    made.commit("later");
    failing(made, "revert", "--no-edit", "HEAD~1");
    const state = await captureGit(made.dir, options());
    expect(state).toMatchObject({ operation: "revert" });
    expect(state.counts.conflicted).toBe(1);
  });

  it("reads an am stopped on a patch that does not apply", async () => {
    const made = divergedRepo();
    const patchDir = tempDir();
    made.git("format-patch", "-q", "-o", patchDir, "main..other");
    failing(made, "am", "-q", join(patchDir, "0001-other-side.patch"));
    const state = await captureGit(made.dir, options());
    expect(state).toMatchObject({ operation: "am", operationBranch: null, branch: "main" });
  });

  it("reads a bisect", async () => {
    const made = repo();
    for (const n of [1, 2, 3, 4]) {
      made.write("n.txt", `${n}\n`);
      made.commit(`commit ${n}`);
    }
    made.git("bisect", "start", "HEAD", "HEAD~4");
    const state = await captureGit(made.dir, options());
    expect(state).toMatchObject({
      operation: "bisect",
      operationBranch: "main",
      detached: true,
      branch: null,
    });
    made.git("bisect", "reset");
    made.git("checkout", "-q", "--detach", "HEAD~1");
    made.git("bisect", "start", "HEAD", "HEAD~3");
    const fromDetached = await captureGit(made.dir, options());
    expect(fromDetached).toMatchObject({ operation: "bisect", operationBranch: null });
  });

  it("reports no operation once a merge is concluded", async () => {
    const made = divergedRepo();
    failing(made, "merge", "-q", "other");
    made.write("conflict.txt", "resolved\n");
    made.commit("merge other");
    const state = await captureGit(made.dir, options());
    expect(state).toMatchObject({
      operation: null,
      dirty: false,
      lastCommitSubject: "merge other",
    });
  });
});
