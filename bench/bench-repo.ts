import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

/**
 * A real repository for a bench to capture in: `dir` made, `git init` on `feat/bench` and
 * one empty commit, with no user or system git config read.
 */
export function makeBenchRepo(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
      stdio: ["ignore", "pipe", "ignore"],
    });
  git("init", "-q", "-b", "feat/bench");
  git(
    "-c",
    "user.name=b",
    "-c",
    "user.email=b@example.invalid",
    "commit",
    "-q",
    "--allow-empty",
    "-m",
    "init",
  );
}
