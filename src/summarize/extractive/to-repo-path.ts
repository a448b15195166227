import { isAbsolute, join, relative, sep } from "node:path";

/**
 * A path as the handoff shows it: relative to the repository root with `/` separators.
 * A relative path is the agent's, relative to the session's folder (`base`), which may
 * be below the root. Null for a path outside the root (a scratch file in /tmp, the
 * agent's own plan folder): the Modified Files of a repository are the repository's files.
 */
export function toRepoPath(
  path: string,
  root: string | null,
  base: string | null = root,
): string | null {
  if (root === null) return null;
  const absolute = isAbsolute(path) ? path : join(base ?? root, path);
  const rel = relative(root, absolute);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return null;
  return rel.split(sep).join("/");
}
