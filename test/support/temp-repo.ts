import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * A real temporary git repository for tests, isolated from the developer's own git
 * configuration: no global or system config is read, and the identity comes from the
 * environment, so results do not depend on whose machine runs them.
 */
export interface TempRepo {
  readonly dir: string;
  /** Runs the real git in the repository and returns its stdout. */
  git(...args: string[]): string;
  /** Writes a file relative to the repository, creating folders. */
  write(path: string, content: string): string;
  /** Stages everything and commits; returns the new HEAD sha. */
  commit(message: string): string;
  cleanup(): void;
}

export const gitTestEnv: NodeJS.ProcessEnv = {
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Baton Test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "Baton Test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_TERMINAL_PROMPT: "0",
};

export function makeTempDir(prefix = "baton-test-"): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function makeTempRepo(options: { initialCommit?: boolean; branch?: string } = {}): TempRepo {
  const repo = openTempRepo(makeTempDir("baton-repo-"));
  repo.git("init", "-q", "-b", options.branch ?? "main");
  if (options.initialCommit ?? true) {
    repo.write("README.md", "# test repo\n");
    repo.commit("initial commit");
  }
  return repo;
}

/**
 * Wraps an existing folder (a clone, a linked worktree) as a TempRepo with the same
 * isolated environment as makeTempRepo. `cleanup` removes the folder.
 */
export function openTempRepo(dir: string): TempRepo {
  const env = { ...process.env, ...gitTestEnv };
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  return {
    dir,
    git,
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
    commit(message) {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD").trim();
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
