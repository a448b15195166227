import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
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
import { isObject, type JsonObject, str } from "../json-values.ts";
import { LISTING_CONCURRENCY, mapConcurrent } from "../map-concurrent.ts";
import { documentTail, foldDocument } from "../pretty-json-document.ts";
import { agentFolder, sessionRefsAt } from "../session-ref-at.ts";
import { withinFolder } from "../within-folder.ts";
import { ClineSessionBuilder, promptText } from "./cline-session-builder.ts";

const MESSAGES = "messages";
const SUFFIX = ".messages.json";

export const clineReader: AgentReader = {
  source: import.meta.url,
  contract: AGENT_READER_CONTRACT,
  agent: "cline",
  displayName: "Cline CLI",
  locateSessions: locateClineSessions,
  peekSession: async (location) => {
    const meta = await readMeta(location);
    return { cwd: str(meta.cwd), startedAt: str(meta.started_at) };
  },
  listSessions: listClineSessions,
  readSession: readClineSession,
  readTail: readClineTail,
};

/**
 * Where Cline keeps sessions, as it finds them: `CLINE_SESSION_DATA_DIR`, else
 * `CLINE_DATA_DIR` (its `--data-dir`), else `CLINE_DIR` or `~/.cline`, then `data`, then
 * `sessions`.
 */
function sessionsDir(context: ReaderContext): string {
  const explicit = context.env.CLINE_SESSION_DATA_DIR;
  if (explicit) return explicit;
  const data = context.env.CLINE_DATA_DIR;
  if (data) return join(data, "sessions");
  return join(agentFolder(context, "CLINE_DIR", ".cline"), "data", "sessions");
}

/** `sessions/<id>/<id>.messages.json`, beside the session's `<id>.json` (its metadata). */
async function locateClineSessions(context: ReaderContext): Promise<SessionRef[]> {
  const dir = sessionsDir(context);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: { id: string; location: string }[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    found.push({ id: entry.name, location: join(dir, entry.name, `${entry.name}${SUFFIX}`) });
  }
  return sessionRefsAt(found);
}

/** Metadata files stay small; one larger than this is not Cline's and is not read. */
const MAX_META_BYTES = 1 << 20;

/**
 * The session's metadata (`<id>.json`: `cwd`, `model`, `provider`, `started_at`, `ended_at`,
 * `status`, `prompt`, `metadata.title`, `metadata.usage`), a small file read whole; empty
 * when it is missing or unreadable.
 */
async function readMeta(location: string): Promise<JsonObject> {
  const path = join(dirname(location), `${basename(location, SUFFIX)}.json`);
  const info = await stat(path).catch(() => null);
  if (info === null || info.size > MAX_META_BYTES) return {};
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as unknown;
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

async function readClineSession(location: string): Promise<Session> {
  const [builder, meta] = await Promise.all([
    foldDocument(location, MESSAGES, new ClineSessionBuilder()),
    readMeta(location),
  ]);
  const metadata = isObject(meta.metadata) ? meta.metadata : {};
  return {
    agent: "cline",
    id: builder.sessionId ?? basename(location, SUFFIX),
    location,
    title: str(metadata.title),
    cwd: str(meta.cwd),
    branch: null,
    model: builder.model ?? str(meta.model),
    provider: str(meta.provider),
    agentMode: null,
    agentVersion: isObject(metadata.sessionHistoryOrigin)
      ? str(metadata.sessionHistoryOrigin.version)
      : null,
    startedAt: str(meta.started_at) ?? builder.startedAt,
    lastActivityAt: builder.lastActivityAt ?? str(meta.ended_at),
    messages: builder.window.list(),
    messageCount: builder.window.count,
    firstUserMessage: builder.window.firstUser,
    files: builder.fileTouches(),
    todos: null,
    usage: builder.usage,
    compactions: [],
    subagents: [],
    parentId: null,
    warnings: builder.warnings,
  };
}

/** A prompt or a model turn starts a message; a user message of tool results does not. */
function startsMessage(message: JsonObject): boolean {
  if (message.role === "assistant") return true;
  if (message.role !== "user") return false;
  if (typeof message.content === "string") return promptText(message.content).length > 0;
  return (
    Array.isArray(message.content) &&
    message.content.some(
      (block) => isObject(block) && block.type === "text" && typeof block.text === "string",
    )
  );
}

async function readClineTail(
  location: string,
  _context: ReaderContext,
  options: { last: number },
): Promise<TailResult> {
  const builder = new ClineSessionBuilder();
  const items = await documentTail(
    location,
    MESSAGES,
    startsMessage,
    options.last,
    builder.warnings,
  );
  for (const item of items) builder.addRecord(item);
  // Results whose calls lie before the window are expected at its edge.
  delete builder.warnings["tool result without its call"];
  return { messages: builder.window.list().slice(-options.last), warnings: builder.warnings };
}

async function listClineSessions(
  context: ReaderContext,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const refs = await withinFolder(
    await locateClineSessions(context),
    filter,
    (location): Promise<SessionPeek> => clineReader.peekSession(location, context),
  );
  const infos = await mapConcurrent(
    refs,
    LISTING_CONCURRENCY,
    async (ref): Promise<SessionInfo | null> => {
      const session = await readClineSession(ref.location).catch(() => null);
      if (!session) return null;
      return {
        agent: "cline",
        id: session.id,
        location: ref.location,
        cwd: session.cwd,
        title: session.title,
        startedAt: session.startedAt,
        lastActivityAt: session.lastActivityAt ?? ref.modifiedAt,
        messageCount: session.messageCount,
        model: session.model,
        branch: null,
        firstPrompt: session.firstUserMessage?.text ?? null,
      };
    },
  );
  return infos.filter((info): info is SessionInfo => info !== null);
}
