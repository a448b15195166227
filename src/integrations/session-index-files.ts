import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SessionInfo } from "../agents/agent-reader.ts";
import type { IndexedSession, SessionIndex } from "../agents/session-index.ts";
import { redactValueFast } from "../safety/redact-value.ts";
import { makeFolders } from "../store/make-folders.ts";
import { replaceFile } from "../store/write-file-atomic.ts";
import { batonStateDir, type Env } from "./baton-state-dir.ts";

const VERSION = 1;

/**
 * The listing index as files, one per agent, under baton's state folder
 * (`sessions-index/<agent>.json`). Rows are masked before they are written (a first prompt
 * can hold a secret), written whole through a temporary file, and a file that does not
 * parse as this version's index is ignored and rebuilt.
 */
export function sessionIndexFiles(env: Env): SessionIndex {
  const dir = join(batonStateDir(env), "sessions-index");
  const fileOf = (agent: string) => join(dir, `${agent}.json`);
  return {
    async load(agent) {
      try {
        const parsed = JSON.parse(await readFile(fileOf(agent), "utf8")) as {
          version?: unknown;
          rows?: unknown;
        };
        if (parsed.version !== VERSION || typeof parsed.rows !== "object" || parsed.rows === null)
          return new Map();
        return new Map(Object.entries(parsed.rows as Record<string, unknown>).filter(isRow));
      } catch {
        return new Map();
      }
    },
    async save(agent, rows) {
      const masked: Record<string, IndexedSession> = {};
      for (const [location, row] of rows) {
        masked[location] = { ...row, info: maskRow(row.info, env) };
      }
      await makeFolders(dir);
      await replaceFile(fileOf(agent), `${JSON.stringify({ version: VERSION, rows: masked })}\n`);
    },
  };
}

/** A row this version wrote; anything else (a hand edit, a torn file) is read again. */
function isRow(entry: [string, unknown]): entry is [string, IndexedSession] {
  const row = entry[1] as Partial<IndexedSession> | null;
  if (typeof row !== "object" || row === null || typeof row.modifiedAt !== "string") return false;
  if (row.size !== null && typeof row.size !== "number") return false;
  const info = row.info as Partial<SessionInfo> | null | undefined;
  return (
    info === null ||
    (typeof info === "object" && typeof info?.id === "string" && info.location === entry[0])
  );
}

function maskRow(info: SessionInfo | null, env: Env): SessionInfo | null {
  return info === null ? null : redactValueFast(info, { env: { ...env } }).value;
}
