import { sep } from "node:path";

/** Is `path` the folder `root` or inside it? Compared on the recorded cwd, never a decoded name. */
export function isWithin(path: string | null, root: string): boolean {
  if (path === null) return false;
  const trimmed = root.endsWith(sep) ? root.slice(0, -1) : root;
  return path === trimmed || path.startsWith(trimmed + sep);
}
