import { type Stats, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { ReaderContext, SessionRef } from "./agent-reader.ts";

/** A session file as a listing knows it, dated by its mtime; null when it cannot be stat'ed. */
export async function sessionRefAt(id: string, location: string): Promise<SessionRef | null> {
  const info = await stat(location).catch(() => null);
  return info ? refOf(id, location, info) : null;
}

/** Many session files (a store holds thousands), in the order given, leaving out those that cannot be stat'ed. */
export async function sessionRefsAt(
  files: readonly { id: string; location: string }[],
): Promise<SessionRef[]> {
  // One after another, synchronously: 2,000 stat calls take 10–20 ms so, and two to four
  // times that as 2,000 promises queued on libuv's four threads.
  const refs: SessionRef[] = [];
  for (const { id, location } of files) {
    let info: Stats | undefined;
    try {
      info = statSync(location, { throwIfNoEntry: false });
    } catch {
      // Unreadable (a folder it cannot enter): left out, as sessionRefAt leaves it out.
      continue;
    }
    if (info !== undefined) refs.push(refOf(id, location, info));
  }
  return refs;
}

function refOf(id: string, location: string, info: Stats): SessionRef {
  return { id, location, modifiedAt: info.mtime.toISOString(), size: info.size };
}

/** An agent's folder: its variable when set (`CODEX_HOME`), else `fallback` under the home. */
export function agentFolder(context: ReaderContext, variable: string, fallback: string): string {
  const configured = context.env[variable];
  return configured && configured.length > 0 ? configured : join(context.homedir, fallback);
}
