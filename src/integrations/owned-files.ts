import { readOptional } from "./read-optional.ts";

/**
 * What install or uninstall does to one file baton writes whole (a slash command, a skill),
 * recognised as baton's by the marker it carries: a file someone else wrote at that path is
 * never touched.
 */
export interface OwnedFilePlan {
  path: string;
  action: "create" | "update" | "unchanged" | "remove" | "skip";
  content?: string;
  reason?: string;
}

/** Install: create it, bring baton's copy up to date, or leave someone else's alone. */
export async function planOwnedFile(
  path: string,
  content: string,
  marker: string,
): Promise<OwnedFilePlan> {
  const existing = await readOptional(path);
  if (existing === null) return { path, action: "create", content };
  if (!existing.includes(marker)) {
    return { path, action: "skip", reason: "exists and was not written by baton" };
  }
  return existing === content ? { path, action: "unchanged" } : { path, action: "update", content };
}

/** Uninstall: remove baton's copy; null when there is no file. */
export async function planOwnedRemoval(
  path: string,
  marker: string,
): Promise<OwnedFilePlan | null> {
  const existing = await readOptional(path);
  if (existing === null) return null;
  return existing.includes(marker)
    ? { path, action: "remove" }
    : { path, action: "skip", reason: "was not written by baton" };
}
