import { existsSync, readdirSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Session } from "../../core/session.ts";
import {
  AGENT_READER_CONTRACT,
  type AgentReader,
  type ReaderContext,
  type SessionFilter,
  type SessionInfo,
  type SessionRef,
  type TailResult,
} from "../agent-reader.ts";
import { foldLines, foldTail } from "../fold-lines.ts";
import { isObject, type JsonObject, str } from "../json-values.ts";
import { LISTING_CONCURRENCY, mapConcurrent } from "../map-concurrent.ts";
import { openSqliteReadOnly, type ReadOnlyDb } from "../open-sqlite-readonly.ts";
import { peekLines } from "../peek-lines.ts";
import { isZstd } from "../read-lines.ts";
import { agentFolder, sessionRefsAt } from "../session-ref-at.ts";
import { withinFolder } from "../within-folder.ts";
import { CodexSessionBuilder, codexMessage } from "./codex-session-builder.ts";

export const codexReader: AgentReader = {
  source: import.meta.url,
  contract: AGENT_READER_CONTRACT,
  agent: "codex",
  displayName: "Codex",
  locateSessions: locateCodexSessions,
  peekSession: (location) =>
    peekLines(location, (record, peek) => {
      if (record.type === "session_meta" && isObject(record.payload)) {
        peek.cwd ??= str(record.payload.cwd);
        peek.startedAt ??= str(record.payload.timestamp) ?? str(record.timestamp);
      }
      if (record.type === "turn_context" && isObject(record.payload))
        peek.cwd ??= str(record.payload.cwd);
    }),
  listSessions: listCodexSessions,
  readSession: readCodexSession,
  readTail: readCodexTail,
};

/** `CODEX_HOME` wins over `~/.codex`, as in Codex itself. */
export function codexHome(context: ReaderContext): string {
  return agentFolder(context, "CODEX_HOME", ".codex");
}

async function readCodexSession(path: string): Promise<Session> {
  const builder = await foldLines(path, new CodexSessionBuilder());
  return {
    agent: "codex",
    id: builder.sessionId ?? rolloutId(path),
    location: path,
    title: null,
    cwd: builder.cwd,
    branch: builder.branch,
    model: builder.model,
    provider: builder.provider,
    agentMode: builder.agentMode,
    agentVersion: builder.version,
    startedAt: builder.startedAt,
    lastActivityAt: builder.lastActivityAt,
    messages: builder.window.list(),
    messageCount: builder.window.count,
    firstUserMessage: builder.window.firstUser,
    files: builder.fileTouches(),
    todos: builder.todos,
    usage: builder.usage,
    compactions: builder.compactions,
    subagents: [],
    parentId: builder.parentId,
    warnings: builder.warnings,
  };
}

async function readCodexTail(
  path: string,
  _context: ReaderContext,
  options: { last: number },
): Promise<TailResult> {
  // A compressed rollout cannot be read from its end; Codex compresses only rollouts
  // untouched for a week, so reading one whole (its window bounded) is the rare case.
  if (isZstd(path)) {
    const builder = await foldLines(path, new CodexSessionBuilder());
    return { messages: builder.window.list().slice(-options.last), warnings: builder.warnings };
  }
  // The session's cwd and model live at its start; the tail needs neither to list messages.
  return foldTail(path, new CodexSessionBuilder(), messageKey, options.last);
}

function messageKey(record: JsonObject, line: string): string | null {
  const item = record.payload;
  if (record.type !== "response_item" || !isObject(item) || item.type !== "message") return null;
  return codexMessage(item) === null ? null : `${str(record.timestamp)}:${line.length}`;
}

/** `rollout-2026-05-02T09-00-00-<uuid>.jsonl` (or `.jsonl.zst`) → the uuid. */
function rolloutId(path: string): string {
  const name = basename(path.replace(/\.zst$/, ""), ".jsonl");
  return /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(name)?.[1] ?? name;
}

async function locateCodexSessions(context: ReaderContext): Promise<SessionRef[]> {
  const home = codexHome(context);
  const found = [
    ...(await findRollouts(join(home, "sessions"), 4)),
    ...(await findRollouts(join(home, "archived_sessions"), 1)),
  ];
  // Codex's thread index knows rollouts kept elsewhere (a thread reused for weeks is
  // filed under the day it began; CODEX_SQLITE_HOME may differ from CODEX_HOME).
  const known = new Set(found.map((path) => rolloutId(path)));
  const indexed = indexedRollouts(context).filter((path) => !known.has(rolloutId(path)));
  const files = [...found, ...indexed];
  return sessionRefsAt(files.map((location) => ({ id: rolloutId(location), location })));
}

async function listCodexSessions(
  context: ReaderContext,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const refs = await withinFolder(await locateCodexSessions(context), filter, (location) =>
    codexReader.peekSession(location, context),
  );
  const files = refs.map((ref) => ref.location);
  const infos = await mapConcurrent(
    files,
    LISTING_CONCURRENCY,
    async (file): Promise<SessionInfo | null> => {
      const builder = await foldLines(file, new CodexSessionBuilder()).catch(() => null);
      if (!builder) return null;
      return {
        agent: "codex",
        id: builder.sessionId ?? rolloutId(file),
        location: file,
        cwd: builder.cwd,
        title: null,
        startedAt: builder.startedAt,
        lastActivityAt: builder.lastActivityAt ?? (await stat(file)).mtime.toISOString(),
        messageCount: builder.window.count,
        model: builder.model,
        branch: builder.branch,
        firstPrompt: builder.window.firstPrompt?.text ?? null,
      };
    },
  );
  return infos.filter((info): info is SessionInfo => info !== null);
}

/** Rollout files under `sessions/YYYY/MM/DD/` (depth 4 counts the file level). */
async function findRollouts(dir: string, depth: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth > 1) found.push(...(await findRollouts(path, depth - 1)));
    else if (entry.isFile() && isRolloutName(entry.name)) found.push(path);
  }
  // A compressed rollout whose plain sibling exists is hidden by it, as in Codex: the
  // plain file is the one being appended to.
  const plain = new Set(found.filter((path) => !isZstd(path)));
  return found.filter((path) => !isZstd(path) || !plain.has(path.replace(/\.zst$/, "")));
}

function isRolloutName(name: string): boolean {
  return name.startsWith("rollout-") && (name.endsWith(".jsonl") || name.endsWith(".jsonl.zst"));
}

/**
 * Rollouts named by Codex's thread index, `threads.rollout_path` of `state_<n>.sqlite`
 * (in CODEX_SQLITE_HOME, else CODEX_HOME), as they now exist on disk: plain, or compressed.
 * Opened without changing a byte (open-sqlite-readonly.ts); an unreadable index is skipped.
 */
function indexedRollouts(context: ReaderContext): string[] {
  const folder = context.env.CODEX_SQLITE_HOME || codexHome(context);
  const names = (() => {
    try {
      return readdirSync(folder).filter((name) => /^state_\d+\.sqlite$/.test(name));
    } catch {
      return [];
    }
  })();
  const paths: string[] = [];
  for (const name of names) {
    let opened: ReadOnlyDb | null = null;
    try {
      opened = openSqliteReadOnly(join(folder, name), { timeout: 1_000 });
      const rows = opened.db.prepare("SELECT rollout_path FROM threads").all() as JsonObject[];
      for (const row of rows) {
        const path = str(row.rollout_path);
        if (path === null || !isRolloutName(basename(path))) continue;
        const plain = path.replace(/\.zst$/, "");
        if (existsSync(plain)) paths.push(plain);
        else if (existsSync(`${plain}.zst`)) paths.push(`${plain}.zst`);
      }
    } catch {
      // Another Codex's schema, or a database being rebuilt: the folders still list rollouts.
    } finally {
      opened?.close();
    }
  }
  return paths;
}
