import type { Handoff } from "../core/handoff.ts";
import type { GitState } from "../git/capture-git.ts";
import { runGit } from "../git/run-git.ts";

/**
 * How the work tree moved since the handoff was written: the receiver should know that
 * "the tests passed" was said of another commit.
 */
export async function describeDrift(
  handoff: Handoff,
  git: GitState,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  if (!git.inRepo) return [];
  const lines: string[] = [];
  if (handoff.branch !== git.branch) {
    lines.push(
      `branch changed: ${handoff.branch ?? "(detached)"} -> ${git.branch ?? "(detached)"}`,
    );
  }
  if (handoff.head !== null && git.head !== null && handoff.head !== git.head) {
    lines.push(await describeHeadMove(handoff.head, git, env));
  }
  const unlisted = unlistedChanges(handoff, git);
  if (unlisted.length > 0) {
    const n = unlisted.length;
    const names = unlisted.slice(0, 3).join(", ") + (n > 3 ? ", ..." : "");
    lines.push(`${n} uncommitted file${n === 1 ? "" : "s"} the handoff does not list: ${names}`);
  }
  return lines;
}

/** Changed files now that the handoff's (verified) Modified Files did not have. */
function unlistedChanges(handoff: Handoff, git: GitState): string[] {
  const listed = new Set((handoff.sections.modifiedFiles ?? []).map((file) => file.path));
  return git.files.map((file) => file.path).filter((path) => !listed.has(path));
}

async function describeHeadMove(from: string, git: GitState, env: NodeJS.ProcessEnv) {
  const cwd = git.root ?? ".";
  const count = await runGit(["rev-list", "--count", `${from}..HEAD`], {
    cwd,
    env,
    timeoutMs: 5000,
  });
  const behind = await runGit(["rev-list", "--count", `HEAD..${from}`], {
    cwd,
    env,
    timeoutMs: 5000,
  });
  const short = `${from.slice(0, 7)} -> ${(git.head ?? "").slice(0, 7)}`;
  if (!count.ok || !behind.ok)
    return `HEAD moved (${short}); the old commit is not in this repository`;
  const ahead = Number(count.stdout.toString("utf8").trim());
  const back = Number(behind.stdout.toString("utf8").trim());
  if (back === 0) return `${ahead} commit${ahead === 1 ? "" : "s"} since the handoff (${short})`;
  return `HEAD moved (${short}): ${ahead} new commit${ahead === 1 ? "" : "s"}, ${back} of the handoff's not in HEAD`;
}
