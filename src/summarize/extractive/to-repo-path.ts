import { posix, win32 } from "node:path";

/** `C:\…`, `c:/…` or `\\server\share\…`: a path written on Windows. */
const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\)/;

/**
 * A path as the handoff shows it: relative to the repository root with `/` separators.
 * A relative path is the agent's, relative to the session's folder (`base`), which may
 * be below the root. Null for a path outside the root (a scratch file in /tmp, the
 * agent's own plan folder): the Modified Files of a repository are the repository's files.
 *
 * Paths are read in the form of the platform that recorded them: a session recorded on
 * Windows (`C:\Users\…`, `c:\…`) is never joined onto a POSIX folder, nor the reverse;
 * a path of another platform's form than the root's is outside it.
 */
export function toRepoPath(
  path: string,
  root: string | null,
  base: string | null = root,
): string | null {
  if (root === null) return null;
  const from = base ?? root;
  const windows = WINDOWS_PATH.test(path) || WINDOWS_PATH.test(from);
  const flavor = windows ? win32 : posix;
  const absolute = flavor.isAbsolute(path) ? path : flavor.join(from, path);
  if (WINDOWS_PATH.test(root) !== windows) return null;
  const rel = flavor.relative(root, absolute);
  if (rel === "" || rel.startsWith("..") || flavor.isAbsolute(rel)) return null;
  return rel.split(flavor.sep).join("/");
}
