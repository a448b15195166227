import { spawn } from "node:child_process";

export interface RunGitOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export type RunGitResult =
  | { ok: true; stdout: Buffer }
  | { ok: false; failure: "not-installed" | "timeout" | "exit"; message: string };

/**
 * Runs the user's real git without a shell and never rejects: a missing git, a non-zero
 * exit and a timeout are all results, because git capture must never break a handoff.
 *
 * On timeout the whole process group is killed and the promise settles at once, so a
 * hook git started (a slow fsmonitor, a credential helper) neither outlives git as an
 * orphan nor delays the answer by holding a pipe open. execFile kills git alone.
 */
export function runGit(args: readonly string[], options: RunGitOptions): Promise<RunGitResult> {
  return new Promise((resolve) => {
    const ownGroup = process.platform !== "win32";
    const child = spawn("git", args, {
      cwd: options.cwd,
      env: {
        ...(options.env ?? process.env),
        // status would otherwise refresh and write the index, racing the agent's own git.
        GIT_OPTIONAL_LOCKS: "0",
        // Error messages become reasons shown to people and matched by code: keep them English.
        LC_ALL: "C",
        LANGUAGE: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: ownGroup,
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let settled = false;
    const settle = (result: RunGitResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      killTree(child.pid, ownGroup, () => child.kill("SIGKILL"));
      child.stdout.destroy();
      child.stderr.destroy();
      settle({
        ok: false,
        failure: "timeout",
        message: `git ${subcommand(args)} timed out after ${options.timeoutMs} ms and was killed`,
      });
    }, options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      settle(
        error.code === "ENOENT"
          ? { ok: false, failure: "not-installed", message: "git is not installed" }
          : { ok: false, failure: "exit", message: `git could not be started: ${error.message}` },
      );
    });
    child.on("close", (code, signal) => {
      if (code === 0) {
        settle({ ok: true, stdout: Buffer.concat(stdout) });
        return;
      }
      settle({
        ok: false,
        failure: "exit",
        message: firstErrorLine(Buffer.concat(stderr).toString("utf8")) ?? exitText(code, signal),
      });
    });
  });
}

function killTree(pid: number | undefined, ownGroup: boolean, fallback: () => void): void {
  if (pid === undefined || !ownGroup) {
    fallback();
    return;
  }
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    fallback();
  }
}

/** The subcommand, past global options such as `-c name=value`. */
function subcommand(args: readonly string[]): string {
  return args.find((arg, i) => !arg.startsWith("-") && args[i - 1] !== "-c") ?? "";
}

function firstErrorLine(stderr: string): string | null {
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const fatal = lines.find((line) => line.startsWith("fatal:")) ?? lines[0];
  return fatal === undefined ? null : fatal.replace(/^(fatal|error):\s*/, "");
}

function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `git exited with code ${code}` : `git was killed by ${signal}`;
}
