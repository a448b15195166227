import type { Sections } from "../core/handoff.ts";
import type { GitState } from "../git/capture-git.ts";
import { commitsOfPaths } from "../git/commits-of-paths.ts";
import { gitTimeoutMs } from "../git/git-timeout.ts";

/** A handoff lists a few dozen files at most; naming their commits costs one `git log`. */
const GIT_LOG_TIMEOUT_MS = 2000;

/**
 * The committed files of a handoff made in their repository, each with the latest commit
 * that changed it (a file the session wrote and then committed says where it went). Only
 * files git vouches for (verified, `committed`) are looked up; a git that cannot answer
 * leaves them as they were.
 */
export async function nameFileCommits<S extends Partial<Sections>>(
  sections: S,
  git: GitState,
  env?: NodeJS.ProcessEnv,
): Promise<S> {
  const files = sections.modifiedFiles;
  if (!git.inRepo || git.root === null || git.head === null || !files) return sections;
  const paths = files
    .filter((f) => f.state === "committed" && f.commit === undefined && f.provenance === "verified")
    .map((f) => f.path);
  if (paths.length === 0) return sections;
  const commits = await commitsOfPaths(git.root, paths, {
    env,
    timeoutMs: gitTimeoutMs(env, GIT_LOG_TIMEOUT_MS),
  });
  if (commits.size === 0) return sections;
  return {
    ...sections,
    modifiedFiles: files.map((file) => {
      const commit = file.state === "committed" ? commits.get(file.path) : undefined;
      return commit === undefined || file.commit !== undefined ? file : { ...file, commit };
    }),
  };
}
