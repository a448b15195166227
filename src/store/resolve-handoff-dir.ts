import { resolve } from "node:path";
import { sharedRoot } from "./shared-root.ts";

export const DEFAULT_HANDOFF_DIR = "docs/handoffs";
export const ARCHIVE_DIR_NAME = "_archive";
export const HANDOFF_DIR_ENV = "BATON_DIR";

/**
 * Where the handoff folder is, first match wins:
 *   1. `dir`, the explicit option (a command-line flag or a caller's setting);
 *   2. the environment variable `BATON_DIR`, if set and not empty;
 *   3. `docs/handoffs`.
 * A relative path is taken relative to the repository's main worktree (so every worktree
 * of a repository sees the same handoffs; see `sharedRoot`), else `root` (the working
 * directory outside git); an absolute one is used as it is.
 */
export function resolveHandoffDir(
  root: string,
  dir?: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const fromEnv = env[HANDOFF_DIR_ENV]?.trim();
  const chosen = dir?.trim() || fromEnv || DEFAULT_HANDOFF_DIR;
  return resolve(sharedRoot(root), chosen);
}
