import { existsSync } from "node:fs";
import { join } from "node:path";
import { BatonError } from "../../core/errors.ts";
import type { Session } from "../../core/session.ts";
import {
  AGENT_READER_CONTRACT,
  type AgentReader,
  type ReaderContext,
  type SessionFilter,
  type SessionInfo,
  type SessionPeek,
  type SessionRef,
  type TailResult,
} from "../agent-reader.ts";
import { classifyUserText } from "../classify-user-text.ts";
import { FileTouches } from "../file-touches.ts";
import { isWithin } from "../is-within.ts";
import { isObject, type JsonObject, str } from "../json-values.ts";
import { messagesWithParts, openOpenCodeDb, queryAll, sessionFromRow } from "./opencode-db.ts";
import {
  findTreeSession,
  listTreeSessions,
  readTreeMessages,
  readTreeTodos,
} from "./opencode-json-tree.ts";
import {
  buildMessage,
  buildOpenCodeSession,
  type StoredSession,
  toIso,
} from "./opencode-session-builder.ts";

/**
 * Where an agent built on OpenCode keeps its store: OpenCode itself, and its forks (Kilo CLI)
 * that kept its SQLite layout and JSON tree under a data folder and database name of their own.
 */
export interface OpenCodeStore {
  readonly agent: string;
  readonly displayName: string;
  /** The folder under `$XDG_DATA_HOME` (else `~/.local/share`): `opencode`, `kilo`. */
  readonly dataFolder: string;
  /** The database file in that folder: `opencode.db`, `kilo.db`. */
  readonly dbFile: string;
}

/** The reader of one OpenCode-layout store; every agent on that layout shares this code. */
export function openCodeStoreReader(store: OpenCodeStore): AgentReader {
  const dataDir = (context: ReaderContext) => openCodeDataDir(context, store.dataFolder);
  const describe = (session: StoredSession, messageCount: number, firstPrompt: string | null) => ({
    ...describeSession(session, messageCount, firstPrompt),
    agent: store.agent,
  });
  return {
    contract: AGENT_READER_CONTRACT,
    agent: store.agent,
    displayName: store.displayName,
    locateSessions: (context) => locateOpenCodeSessions(dataDir(context), store),
    peekSession: (location) => peekOpenCodeSession(location, store),
    listSessions: (context, filter) =>
      listOpenCodeSessions(dataDir(context), store, describe, filter),
    readSession: async (location) => ({
      ...(await readOpenCodeSession(location, store)),
      agent: store.agent,
    }),
    readTail: (location, _context, options) => readOpenCodeTail(location, store, options),
  };
}

/** `$XDG_DATA_HOME/<folder>`, else `~/.local/share/<folder>`, as in OpenCode itself. */
export function openCodeDataDir(context: ReaderContext, folder = "opencode"): string {
  const xdg = context.env.XDG_DATA_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(context.homedir, ".local", "share"), folder);
}

/** A location is `<database>#<session id>` or `<storage folder>#<session id>`. */
function splitLocation(location: string, store: OpenCodeStore): { store: string; id: string } {
  const at = location.lastIndexOf("#");
  if (at <= 0) {
    throw new BatonError("usage", `not a ${store.displayName} session location: ${location}`);
  }
  return { store: location.slice(0, at), id: location.slice(at + 1) };
}

const isDb = (store: string) => store.endsWith(".db");

async function locateOpenCodeSessions(dir: string, store: OpenCodeStore): Promise<SessionRef[]> {
  const dbPath = join(dir, store.dbFile);
  const refs: SessionRef[] = [];
  if (existsSync(dbPath)) {
    const opened = openOpenCodeDb(dbPath);
    const db = opened.db;
    try {
      for (const row of queryAll(db, dbPath, "SELECT id, time_updated FROM session")) {
        const id = String(row.id);
        refs.push({
          id,
          location: `${dbPath}#${id}`,
          modifiedAt: toIso(Number(row.time_updated)) ?? "",
        });
      }
    } finally {
      opened.close();
    }
  }
  const storage = join(dir, "storage");
  for (const session of await listTreeSessions(storage)) {
    refs.push({
      id: session.id,
      location: session.location,
      modifiedAt: toIso(session.updatedMs) ?? "",
    });
  }
  return refs;
}

async function peekOpenCodeSession(location: string, layout: OpenCodeStore): Promise<SessionPeek> {
  const { store, id } = splitLocation(location, layout);
  if (!isDb(store)) {
    const session = await findTreeSession(store, id);
    return { cwd: session?.directory ?? null, startedAt: toIso(session?.createdMs ?? null) };
  }
  const opened = openOpenCodeDb(store);
  const db = opened.db;
  try {
    const row = queryAll(
      db,
      store,
      "SELECT directory, time_created FROM session WHERE id = ?",
      id,
    )[0];
    return {
      cwd: row ? str(row.directory) : null,
      startedAt: row ? toIso(Number(row.time_created)) : null,
    };
  } finally {
    opened.close();
  }
}

type Describe = (
  session: StoredSession,
  messageCount: number,
  firstPrompt: string | null,
) => SessionInfo;

async function listOpenCodeSessions(
  dir: string,
  layout: OpenCodeStore,
  describe: Describe,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const dbPath = join(dir, layout.dbFile);
  // The session's folder is on its row, so the filter costs nothing here.
  const kept = (session: StoredSession) =>
    filter.cwd === undefined || isWithin(session.directory, filter.cwd);
  const infos: SessionInfo[] = [];
  if (existsSync(dbPath)) infos.push(...listDbSessions(dbPath, kept, describe));
  const storage = join(dir, "storage");
  for (const session of (await listTreeSessions(storage)).filter(kept)) {
    const messages = await readTreeMessages(storage, session.id);
    infos.push(
      describe(
        session,
        messages.length,
        firstUserText(messages.map((m) => ({ role: m.info.role, parts: m.parts }))),
      ),
    );
  }
  return infos;
}

function listDbSessions(
  dbPath: string,
  kept: (session: StoredSession) => boolean,
  describe: Describe,
): SessionInfo[] {
  const opened = openOpenCodeDb(dbPath);
  const db = opened.db;
  try {
    const counts = new Map<string, number>();
    for (const row of queryAll(
      db,
      dbPath,
      "SELECT session_id, count(*) AS n FROM message WHERE json_extract(data, '$.role') IN ('user', 'assistant') GROUP BY session_id",
    )) {
      counts.set(String(row.session_id), Number(row.n));
    }
    const sessions = queryAll(db, dbPath, "SELECT * FROM session")
      .map((row) => sessionFromRow(row, dbPath))
      .filter(kept);
    return sessions.map((session) => {
      // The first few user messages: a slash command or injected context may come first.
      const firstMessages = new Map<string, JsonObject[]>();
      for (const part of queryAll(
        db,
        dbPath,
        `SELECT m.id AS message_id, p.data FROM message m JOIN part p ON p.message_id = m.id
         WHERE m.session_id = ? AND json_extract(m.data, '$.role') = 'user'
         ORDER BY m.time_created, m.id, p.id LIMIT 40`,
        session.id,
      )) {
        const parts = firstMessages.get(String(part.message_id)) ?? [];
        parts.push(JSON.parse(String(part.data)) as JsonObject);
        firstMessages.set(String(part.message_id), parts);
      }
      return describe(
        session,
        counts.get(session.id) ?? 0,
        firstUserText([...firstMessages.values()].map((parts) => ({ role: "user", parts }))),
      );
    });
  } finally {
    opened.close();
  }
}

function describeSession(
  session: StoredSession,
  messageCount: number,
  firstPrompt: string | null,
): SessionInfo {
  return {
    agent: "opencode",
    id: session.id,
    location: session.location,
    cwd: session.directory,
    title: session.title,
    startedAt: toIso(session.createdMs),
    lastActivityAt: toIso(session.updatedMs),
    messageCount,
    model: session.model?.id ?? null,
    branch: null,
    firstPrompt,
  };
}

/** The first user text that is a request: slash commands and injected context are not. */
function firstUserText(messages: { role: unknown; parts: JsonObject[] }[]): string | null {
  for (const message of messages) {
    if (message.role !== "user") continue;
    for (const part of message.parts) {
      if (part.type !== "text" || part.synthetic === true || typeof part.text !== "string")
        continue;
      const kind = classifyUserText(part.text);
      if (kind === "request" || kind === "handoff") return part.text.trim();
    }
  }
  return null;
}

async function readOpenCodeSession(location: string, layout: OpenCodeStore): Promise<Session> {
  const { store, id } = splitLocation(location, layout);
  if (!isDb(store)) {
    const session = await findTreeSession(store, id);
    if (!session) {
      throw new BatonError("not-found", `no ${layout.displayName} session ${id} in ${store}`);
    }
    const children = (await listTreeSessions(store))
      .filter((s) => s.parentId === id)
      .map((s) => s.id);
    return buildOpenCodeSession(
      session,
      await readTreeMessages(store, id),
      await readTreeTodos(store, id),
      children,
    );
  }
  const opened = openOpenCodeDb(store);
  const db = opened.db;
  try {
    const row = queryAll(db, store, "SELECT * FROM session WHERE id = ?", id)[0];
    if (!row) {
      throw new BatonError("not-found", `no ${layout.displayName} session ${id} in ${store}`);
    }
    const rows = queryAll(
      db,
      store,
      "SELECT * FROM message WHERE session_id = ? ORDER BY time_created, id",
      id,
    );
    const todos = queryAll(
      db,
      store,
      "SELECT * FROM todo WHERE session_id = ? ORDER BY position",
      id,
    );
    const children = queryAll(db, store, "SELECT id FROM session WHERE parent_id = ?", id).map(
      (r) => String(r.id),
    );
    return buildOpenCodeSession(
      sessionFromRow(row, store),
      messagesWithParts(db, store, rows),
      todos,
      children,
    );
  } finally {
    opened.close();
  }
}

/**
 * The newest messages by index order, fetched in growing pages until enough of them are
 * user or assistant messages with content: the cost follows the messages asked for.
 */
async function readOpenCodeTail(
  location: string,
  layout: OpenCodeStore,
  options: { last: number },
): Promise<TailResult> {
  const { store, id } = splitLocation(location, layout);
  if (!isDb(store)) {
    const session = await readOpenCodeSession(location, layout);
    return { messages: session.messages.slice(-options.last), warnings: session.warnings };
  }
  const opened = openOpenCodeDb(store);
  const db = opened.db;
  try {
    let limit = options.last * 2;
    for (;;) {
      const rows = queryAll(
        db,
        store,
        "SELECT * FROM message WHERE session_id = ? ORDER BY time_created DESC, id DESC LIMIT ?",
        id,
        limit,
      ).reverse();
      const warnings = {};
      const files = new FileTouches();
      const messages = messagesWithParts(db, store, rows)
        .filter((message) => message.info.summary !== true)
        .map((message) => {
          const time = isObject(message.info.time) ? message.info.time : {};
          const at = toIso(typeof time.created === "number" ? time.created : message.createdMs);
          return buildMessage(message, str(message.info.role), at, files, warnings);
        })
        .filter((message) => message !== null);
      if (messages.length >= options.last || rows.length < limit) {
        return { messages: messages.slice(-options.last), warnings };
      }
      limit *= 2;
    }
  } finally {
    opened.close();
  }
}
