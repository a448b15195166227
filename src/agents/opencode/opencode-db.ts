import { existsSync } from "node:fs";
import type { DatabaseSync } from "node:sqlite";
import { BatonError } from "../../core/errors.ts";
import type { TokenUsage } from "../../core/session.ts";
import { isObject, type JsonObject, num, str } from "../json-values.ts";
import { openSqliteReadOnly, type ReadOnlyDb } from "../open-sqlite-readonly.ts";
import type { StoredMessage, StoredSession } from "./opencode-session-builder.ts";

/**
 * Read-only access to OpenCode's SQLite store (≥ 1.2). A running OpenCode holds the
 * database open in WAL mode; what it committed to the `-wal` is read too. Not a byte of
 * the store changes, `-shm` included (open-sqlite-readonly.ts).
 */
export function openOpenCodeDb(path: string): ReadOnlyDb {
  if (!existsSync(path)) throw new BatonError("not-found", `OpenCode database not found: ${path}`);
  try {
    return openSqliteReadOnly(path, { timeout: 2_000 });
  } catch (error) {
    throw new BatonError(
      "agent",
      `cannot open OpenCode database ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** Runs a query, turning SQLite's lock and corruption errors into one clear error. */
export function queryAll(
  db: DatabaseSync,
  path: string,
  sql: string,
  ...params: (string | number)[]
): JsonObject[] {
  try {
    return db.prepare(sql).all(...params) as JsonObject[];
  } catch (error) {
    const message = (error as Error).message;
    const why = /locked|busy/i.test(message)
      ? "the database is locked by another process"
      : message;
    throw new BatonError("agent", `cannot read OpenCode database ${path}: ${why}`, {
      cause: error,
    });
  }
}

function parseJson(text: unknown): JsonObject {
  if (typeof text !== "string") return {};
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

export function sessionFromRow(row: JsonObject, dbPath: string): StoredSession {
  const model = parseJson(row.model);
  const hasUsage = "tokens_input" in row;
  const usage: TokenUsage | null = hasUsage
    ? {
        input: num(row.tokens_input),
        output: num(row.tokens_output),
        reasoning: num(row.tokens_reasoning),
        cacheRead: num(row.tokens_cache_read),
        cacheWrite: num(row.tokens_cache_write),
      }
    : null;
  return {
    id: String(row.id),
    location: `${dbPath}#${String(row.id)}`,
    directory: str(row.directory),
    title: str(row.title),
    version: str(row.version),
    parentId: str(row.parent_id),
    agent: str(row.agent),
    model:
      typeof row.model === "string"
        ? { id: str(model.id), providerID: str(model.providerID) }
        : null,
    createdMs: typeof row.time_created === "number" ? row.time_created : null,
    updatedMs: typeof row.time_updated === "number" ? row.time_updated : null,
    usage: usage && usage.input + usage.output > 0 ? usage : null,
  };
}

/** Messages with their parts, in OpenCode's order: messages by (time_created, id), parts by id. */
export function messagesWithParts(
  db: DatabaseSync,
  dbPath: string,
  rows: JsonObject[],
): StoredMessage[] {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => String(row.id));
  const placeholders = ids.map(() => "?").join(",");
  const parts = queryAll(
    db,
    dbPath,
    `SELECT message_id, data FROM part WHERE message_id IN (${placeholders}) ORDER BY message_id, id`,
    ...ids,
  );
  const byMessage = new Map<string, JsonObject[]>();
  for (const part of parts) {
    const list = byMessage.get(String(part.message_id)) ?? [];
    list.push(parseJson(part.data));
    byMessage.set(String(part.message_id), list);
  }
  return rows.map((row) => ({
    id: String(row.id),
    createdMs: num(row.time_created),
    info: parseJson(row.data),
    parts: byMessage.get(String(row.id)) ?? [],
  }));
}
