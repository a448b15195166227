import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { ReaderContext, SessionRef } from "./agent-reader.ts";

/** A session file as a listing knows it, dated by its mtime; null when it cannot be stat'ed. */
export async function sessionRefAt(id: string, location: string): Promise<SessionRef | null> {
  const info = await stat(location).catch(() => null);
  return info ? { id, location, modifiedAt: info.mtime.toISOString(), size: info.size } : null;
}

/** An agent's folder: its variable when set (`CODEX_HOME`), else `fallback` under the home. */
export function agentFolder(context: ReaderContext, variable: string, fallback: string): string {
  const configured = context.env[variable];
  return configured && configured.length > 0 ? configured : join(context.homedir, fallback);
}
