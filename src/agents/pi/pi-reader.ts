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
import { foldLines } from "../fold-lines.ts";
import { type JsonObject, parseRecordLine, str } from "../json-values.ts";
import { LISTING_CONCURRENCY, mapConcurrent } from "../map-concurrent.ts";
import { peekLines } from "../peek-lines.ts";
import { readLinesBackward } from "../read-lines-backward.ts";
import { withinFolder } from "../within-folder.ts";
import { activeBranch } from "./pi-branch.ts";
import { PiSessionBuilder } from "./pi-session-builder.ts";

/**
 * Pi (earendil-works/pi, npm `@earendil-works/pi-coding-agent`, formerly
 * `@mariozechner/pi-coding-agent`) writes one JSONL file per session under
 * `<agent dir>/sessions/--<cwd with / as ->--/<time>_<id>.jsonl`: a header line, then
 * entries that form a tree through their parent ids. Read, never written.
 */
export const piReader: AgentReader = {
  source: import.meta.url,
  contract: AGENT_READER_CONTRACT,
  agent: "pi",
  displayName: "Pi",
  locateSessions: locatePiSessions,
  peekSession: (location) =>
    peekLines(
      location,
      (record, peek) => {
        if (record.type === "session") {
          peek.cwd ??= str(record.cwd);
          peek.startedAt ??= str(record.timestamp);
        }
      },
      1,
    ),
  listSessions: listPiSessions,
  readSession: readPiSession,
  readTail: readPiTail,
};

/**
 * Where Pi keeps its sessions: `PI_CODING_AGENT_SESSION_DIR`, else the `sessions` folder
 * of `PI_CODING_AGENT_DIR`, else `~/.pi/agent/sessions`, as in Pi itself.
 */
export function piSessionsDir(context: ReaderContext): string {
  const sessions = context.env.PI_CODING_AGENT_SESSION_DIR;
  if (sessions && sessions.length > 0) return sessions;
  const agent = context.env.PI_CODING_AGENT_DIR;
  return join(
    agent && agent.length > 0 ? agent : join(context.homedir, ".pi", "agent"),
    "sessions",
  );
}

/** `2026-12-06T17-12-00-339Z_<id>.jsonl` → the id. */
function fileSessionId(path: string): string {
  const name = basename(path, ".jsonl");
  const at = name.indexOf("_");
  return at === -1 ? name : name.slice(at + 1);
}

async function foldSession(path: string): Promise<PiSessionBuilder> {
  return foldLines(path, new PiSessionBuilder(await activeBranch(path)));
}

async function readPiSession(path: string): Promise<Session> {
  const builder = await foldSession(path);
  return {
    agent: "pi",
    id: builder.sessionId ?? fileSessionId(path),
    location: path,
    title: builder.title,
    cwd: builder.cwd,
    // Pi does not record the git branch.
    branch: null,
    model: builder.model,
    provider: builder.provider,
    agentMode: null,
    agentVersion: null,
    startedAt: builder.startedAt,
    lastActivityAt: builder.lastActivityAt,
    messages: builder.window.list(),
    messageCount: builder.window.count,
    firstUserMessage: builder.window.firstUser,
    files: builder.fileTouches(),
    // Pi has no todo tool.
    todos: null,
    usage: builder.usage,
    compactions: builder.compactions,
    subagents: [],
    parentId: builder.parentSession,
    warnings: builder.warnings,
  };
}

/**
 * The last messages of the active branch, read from the end: starting at the last entry,
 * each line is kept only when it is the entry the branch expects next (the parent of the
 * one before), so entries of abandoned branches are skipped without a pass over the file.
 */
async function readPiTail(
  path: string,
  _context: ReaderContext,
  options: { last: number },
): Promise<TailResult> {
  const builder = new PiSessionBuilder();
  const records: JsonObject[] = [];
  let expected: string | null | undefined;
  let messages = 0;
  for await (const line of readLinesBackward(path)) {
    const record = parseRecordLine(line.text, line.complete, builder.warnings);
    if (record === null || record.type === "session") continue;
    const id = str(record.id);
    if (id === null || (expected !== undefined && id !== expected)) continue;
    expected = str(record.parentId);
    if (startsMessage(record) && ++messages > options.last) break;
    records.push(record);
    if (expected === null) break;
  }
  for (let i = records.length - 1; i >= 0; i--) builder.addRecord(records[i] as JsonObject);
  // Results whose calls lie before the window are expected at its edge.
  delete builder.warnings["tool result without its call"];
  return { messages: builder.window.list().slice(-options.last), warnings: builder.warnings };
}

/** Whether an entry opens a message of the Session (an assistant entry without text joins the one before). */
function startsMessage(record: JsonObject): boolean {
  if (record.type !== "message") return false;
  const message = record.message as { role?: unknown; content?: unknown } | undefined;
  if (message?.role === "user") return true;
  if (message?.role !== "assistant" || !Array.isArray(message.content)) return false;
  return message.content.some(
    (block) =>
      typeof block === "object" &&
      block !== null &&
      (block as JsonObject).type === "text" &&
      (str((block as JsonObject).text)?.trim().length ?? 0) > 0,
  );
}

async function locatePiSessions(context: ReaderContext): Promise<SessionRef[]> {
  const root = piSessionsDir(context);
  const folders = await readdir(root, { withFileTypes: true }).catch(() => []);
  const refs: SessionRef[] = [];
  for (const folder of folders) {
    if (!folder.isDirectory()) continue;
    const files = await readdir(join(root, folder.name)).catch(() => []);
    for (const file of files) {
      if (!file.endsWith(".jsonl")) continue;
      const location = join(root, folder.name, file);
      const info = await stat(location).catch(() => null);
      if (info?.isFile())
        refs.push({ id: fileSessionId(location), location, modifiedAt: info.mtime.toISOString() });
    }
  }
  return refs;
}

async function listPiSessions(
  context: ReaderContext,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const refs = await withinFolder(await locatePiSessions(context), filter, (location) =>
    piReader.peekSession(location, context),
  );
  const infos = await mapConcurrent(
    refs,
    LISTING_CONCURRENCY,
    async ({ location, modifiedAt }): Promise<SessionInfo | null> => {
      const builder = await foldSession(location).catch(() => null);
      if (!builder) return null;
      return {
        agent: "pi",
        id: builder.sessionId ?? fileSessionId(location),
        location,
        cwd: builder.cwd,
        title: builder.title,
        startedAt: builder.startedAt,
        lastActivityAt: builder.lastActivityAt ?? modifiedAt,
        messageCount: builder.window.count,
        model: builder.model,
        branch: null,
        firstPrompt: builder.window.firstUser?.text ?? null,
      };
    },
  );
  return infos.filter((info): info is SessionInfo => info !== null);
}
