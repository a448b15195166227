import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { runGit } from "./run-git.ts";

/** What became of keeping a file out of git. */
export type ExcludeOutcome =
  | { kind: "added"; excludeFile: string }
  | { kind: "already-ignored" }
  | { kind: "tracked" }
  | { kind: "not-a-repo" }
  | { kind: "failed"; message: string };

const TIMEOUT_MS = 5000;

/**
 * Keeps one file of the work tree out of git through the repository's own
 * `.git/info/exclude` (never `.gitignore`, which is tracked and shared): nothing is added
 * when git already ignores the path, and a tracked file is left alone and reported, since
 * ignoring cannot untrack it and untracking is the user's decision.
 */
export async function excludeFromGit(
  root: string,
  /** Relative to `root`, with `/` separators. */
  path: string,
  env: NodeJS.ProcessEnv,
): Promise<ExcludeOutcome> {
  const git = (args: string[]) => runGit(args, { cwd: root, env, timeoutMs: TIMEOUT_MS });
  const tracked = await git(["ls-files", "--error-unmatch", "--", path]);
  if (tracked.ok) return { kind: "tracked" };
  const ignored = await git(["check-ignore", "-q", "--no-index", "--", path]);
  if (ignored.ok) return { kind: "already-ignored" };
  const where = await git(["rev-parse", "--git-path", "info/exclude"]);
  if (!where.ok) {
    return where.failure === "exit"
      ? { kind: "not-a-repo" }
      : { kind: "failed", message: where.message };
  }
  const relative = where.stdout.toString("utf8").trim();
  const excludeFile = isAbsolute(relative) ? relative : join(root, relative);
  try {
    const before = await readFile(excludeFile, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    const separator = before === "" || before.endsWith("\n") ? "" : "\n";
    await mkdir(dirname(excludeFile), { recursive: true });
    await appendFile(excludeFile, `${separator}# baton session state\n/${path}\n`);
  } catch (error) {
    return { kind: "failed", message: (error as Error).message };
  }
  return { kind: "added", excludeFile };
}
