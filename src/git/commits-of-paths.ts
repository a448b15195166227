import { runGit } from "./run-git.ts";

/** How far back one `git log` looks for the files a handoff names as committed. */
const MAX_COMMITS = 500;
const MARK = "\u001ecommit ";

export interface CommitsOfPathsOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * The latest commit on HEAD that changed each path (repository-relative), abbreviated as
 * git abbreviates it, from one `git log` over at most the last 500 commits that touch any
 * of them. A path no such commit changed is missing from the map; a git that fails or
 * times out gives an empty map, since naming a commit is a detail a handoff can go without.
 */
export async function commitsOfPaths(
  root: string,
  paths: readonly string[],
  options: CommitsOfPathsOptions,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (paths.length === 0) return found;
  const result = await runGit(
    [
      "-c",
      "core.quotePath=false",
      "log",
      `-n${MAX_COMMITS}`,
      `--format=${MARK.replace("\u001e", "%x1e")}%h`,
      "--name-only",
      "--no-renames",
      "-z",
      "HEAD",
      "--",
      ...paths.map((path) => `:(literal)${path}`),
    ],
    { cwd: root, env: options.env, timeoutMs: options.timeoutMs },
  );
  if (!result.ok) return found;
  const wanted = new Set(paths);
  for (const entry of result.stdout.toString("utf8").split(MARK)) {
    // With -z: `<sha>\0` then the commit's paths, the first after a newline, each NUL-ended.
    const [sha, ...names] = entry.split("\0");
    if (sha === undefined || sha === "") continue;
    for (const name of names) {
      const path = name.replace(/^\n/, "");
      if (wanted.has(path) && !found.has(path)) found.set(path, sha);
    }
    if (found.size === wanted.size) break;
  }
  return found;
}
