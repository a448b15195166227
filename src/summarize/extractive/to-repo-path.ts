import { isAbsolute, relative, sep } from "node:path";

/**
 * A path as the handoff shows it: relative to the repository root with `/` separators.
 * Null for a path outside the root (a scratch file in /tmp, the agent's own plan folder):
 * the Modified Files of a repository are the repository's files.
 */
export function toRepoPath(path: string, root: string | null): string | null {
  if (!isAbsolute(path)) return normalizeRelative(path);
  if (root === null) return null;
  const rel = relative(root, path);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return null;
  return rel.split(sep).join("/");
}

function normalizeRelative(path: string): string | null {
  const clean = path.replace(/\\/g, "/").replace(/^(?:\.\/)+/, "");
  if (clean === "" || clean.startsWith("../")) return null;
  return clean;
}
