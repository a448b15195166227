import { execFile } from "node:child_process";

/** Issues assigned to the user and pull requests of a branch, as `#42`, from GitHub's `gh`. */
export type GithubRefs =
  | { ok: true; issues: string[]; prs: string[] }
  | { ok: false; reason: string };

const TIMEOUT_MS = 10_000;

/**
 * Seed 001's `gh issue list --assignee @me`, plus the branch's pull requests (open, merged
 * or closed), read through the user's own `gh` so its login and host apply. Never rejects:
 * `gh` missing, logged out or failing is a reason the caller tells the user.
 */
export async function readGithubRefs(options: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  branch: string | null;
}): Promise<GithubRefs> {
  const gh = (args: string[]) => runGh(args, options);
  const auth = await gh(["auth", "status"]);
  if (!auth.ok) {
    return {
      ok: false,
      reason: auth.missing
        ? "gh (GitHub CLI) is not installed; install it from https://cli.github.com and run `gh auth login`"
        : `gh is not logged in (\`gh auth status\`: ${auth.message}); run \`gh auth login\``,
    };
  }
  const issues = await gh([
    "issue",
    "list",
    "--assignee",
    "@me",
    "--state",
    "open",
    "--json",
    "number",
  ]);
  if (!issues.ok) return { ok: false, reason: `gh issue list failed: ${issues.message}` };
  let prs: string[] = [];
  if (options.branch !== null) {
    const listed = await gh([
      "pr",
      "list",
      "--head",
      options.branch,
      "--state",
      "all",
      "--json",
      "number",
    ]);
    if (!listed.ok) return { ok: false, reason: `gh pr list failed: ${listed.message}` };
    const parsed = numbersOf(listed.stdout);
    if (parsed === null)
      return { ok: false, reason: "gh pr list printed something other than JSON" };
    prs = parsed;
  }
  const issueNumbers = numbersOf(issues.stdout);
  if (issueNumbers === null) {
    return { ok: false, reason: "gh issue list printed something other than JSON" };
  }
  return { ok: true, issues: issueNumbers, prs };
}

type GhResult = { ok: true; stdout: string } | { ok: false; missing: boolean; message: string };

function runGh(
  args: string[],
  options: { cwd: string; env: Readonly<Record<string, string | undefined>> },
): Promise<GhResult> {
  return new Promise((resolve) => {
    execFile(
      "gh",
      args,
      {
        cwd: options.cwd,
        env: { ...options.env, GH_PROMPT_DISABLED: "1", GH_NO_UPDATE_NOTIFIER: "1", NO_COLOR: "1" },
        timeout: TIMEOUT_MS,
        killSignal: "SIGKILL",
        windowsHide: true,
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ ok: true, stdout });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return resolve({ ok: false, missing: true, message: "not found" });
        const said = stderr
          .trim()
          .split("\n")
          .find((line) => line.trim() !== "");
        const message = error.killed ? `timed out after ${TIMEOUT_MS} ms` : (said ?? error.message);
        resolve({ ok: false, missing: false, message: message.trim() });
      },
    );
  });
}

/** `[{"number": 42}, …]` as `["#42", …]`; null when it is not that. */
function numbersOf(stdout: string): string[] | null {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return null;
  }
  if (!Array.isArray(json)) return null;
  return json.flatMap((item) =>
    typeof item === "object" &&
    item !== null &&
    Number.isInteger((item as { number?: unknown }).number)
      ? [`#${(item as { number: number }).number}`]
      : [],
  );
}
