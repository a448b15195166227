import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { ReaderContext, SessionRef } from "./agent-reader.ts";

/** A session file as a listing knows it, dated by its mtime; null when it cannot be stat'ed. */
export async function sessionRefAt(id: string, location: string): Promise<SessionRef | null> {
  const info = await stat(location).catch(() => null);
  return info ? { id, location, modifiedAt: info.mtime.toISOString(), size: info.size } : null;
}

/**
 * Many session files at once (a store holds thousands): stat'ed together rather than one
 * after another, in the order given, leaving out those that cannot be stat'ed.
 */
export async function sessionRefsAt(
  files: readonly { id: string; location: string }[],
): Promise<SessionRef[]> {
  const refs = await Promise.all(files.map((file) => sessionRefAt(file.id, file.location)));
  return refs.filter((ref): ref is SessionRef => ref !== null);
}

/** An agent's folder: its variable when set (`CODEX_HOME`), else `fallback` under the home. */
export function agentFolder(context: ReaderContext, variable: string, fallback: string): string {
  const configured = context.env[variable];
  return configured && configured.length > 0 ? configured : join(context.homedir, fallback);
}
