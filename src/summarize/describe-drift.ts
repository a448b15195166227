import type { Handoff } from "../core/handoff.ts";
import type { GitState } from "../git/capture-git.ts";
import { runGit } from "../git/run-git.ts";

/** What a handoff or a saved session state says the tree was: enough to tell what moved. */
export type DriftBasis = Pick<Handoff, "branch" | "head"> & {
  sections: { modifiedFiles: readonly { path: string }[] | null };
};

/**
 * How the work tree moved since the handoff (or session state) was written: the receiver
 * should know that "the tests passed" was said of another commit. A short commit id, as
 * seed 001's script records, counts as the same commit when HEAD starts with it.
 */
export async function describeDrift(
  handoff: DriftBasis,
  git: GitState,
  env: NodeJS.ProcessEnv,
  /** What the basis is called in the lines: "handoff", or "save" for a session state. */
  what = "handoff",
): Promise<string[]> {
  if (!git.inRepo) return [];
  const lines: string[] = [];
  if (handoff.branch !== git.branch) {
    lines.push(
      `branch changed: ${handoff.branch ?? "(detached)"} -> ${git.branch ?? "(detached)"}`,
    );
  }
  if (handoff.head !== null && git.head !== null && !git.head.startsWith(handoff.head)) {
    lines.push(await describeHeadMove(handoff.head, git, env, what));
  }
  const unlisted = unlistedChanges(handoff, git);
  if (unlisted.length > 0) {
    const n = unlisted.length;
    const names = unlisted.slice(0, 3).join(", ") + (n > 3 ? ", ..." : "");
    lines.push(`${n} uncommitted file${n === 1 ? "" : "s"} the ${what} does not list: ${names}`);
  }
  return lines;
}

/** Changed files now that the handoff's (verified) Modified Files did not have. */
function unlistedChanges(handoff: DriftBasis, git: GitState): string[] {
  const listed = new Set((handoff.sections.modifiedFiles ?? []).map((file) => file.path));
  return git.files.map((file) => file.path).filter((path) => !listed.has(path));
}

async function describeHeadMove(from: string, git: GitState, env: NodeJS.ProcessEnv, what: string) {
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
  if (back === 0) return `${ahead} commit${ahead === 1 ? "" : "s"} since the ${what} (${short})`;
  return `HEAD moved (${short}): ${ahead} new commit${ahead === 1 ? "" : "s"}, ${back} of the ${what}'s not in HEAD`;
}
