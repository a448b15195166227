import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
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
import { chatText } from "../chat-message-parts.ts";
import { isObject, type JsonObject, str } from "../json-values.ts";
import { LISTING_CONCURRENCY, mapConcurrent } from "../map-concurrent.ts";
import { documentHead, documentTail, foldDocument } from "../pretty-json-document.ts";
import { agentFolder, sessionRefAt, sessionRefsAt } from "../session-ref-at.ts";
import { withinFolder } from "../within-folder.ts";
import { ContinueSessionBuilder } from "./continue-session-builder.ts";

const HISTORY = "history";

export const continueReader: AgentReader = {
  source: import.meta.url,
  contract: AGENT_READER_CONTRACT,
  agent: "continue",
  displayName: "Continue CLI",
  locateSessions: locateContinueSessions,
  peekSession: peekContinueSession,
  listSessions: listContinueSessions,
  readSession: readContinueSession,
  readTail: readContinueTail,
};

/** `CONTINUE_GLOBAL_DIR` replaces `~/.continue`, as in Continue itself. */
function sessionsDir(context: ReaderContext): string {
  return join(agentFolder(context, "CONTINUE_GLOBAL_DIR", ".continue"), "sessions");
}

/** `sessions/<session id>.json`, beside the `sessions.json` index. */
async function locateContinueSessions(context: ReaderContext): Promise<SessionRef[]> {
  const dir = sessionsDir(context);
  const files = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: { id: string; location: string }[] = [];
  for (const file of files) {
    if (!file.isFile() || !file.name.endsWith(".json") || file.name === "sessions.json") continue;
    found.push({ id: basename(file.name, ".json"), location: join(dir, file.name) });
  }
  return sessionRefsAt(found);
}

async function peekContinueSession(path: string): Promise<SessionPeek> {
  const head = await documentHead(path, HISTORY);
  const started = await startTimes(join(path, ".."));
  const id = str(head.sessionId) ?? basename(path, ".json");
  return { cwd: str(head.workspaceDirectory), startedAt: started.get(id) ?? null };
}

/**
 * When each session began: the `dateCreated` (milliseconds, as a string) of the
 * `sessions.json` index, a list of one small entry per session. Empty when it is missing.
 */
async function startTimes(dir: string): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  const text = await readFile(join(dir, "sessions.json"), "utf8").catch(() => null);
  if (text === null) return times;
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    return times;
  }
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (!isObject(entry)) continue;
    const id = str(entry.sessionId);
    const ms = Number(str(entry.dateCreated) ?? entry.dateCreated);
    if (id !== null && Number.isFinite(ms) && ms > 0) times.set(id, new Date(ms).toISOString());
  }
  return times;
}

async function readContinueSession(path: string): Promise<Session> {
  const builder = await foldDocument(path, HISTORY, new ContinueSessionBuilder());
  const id = builder.sessionId ?? basename(path, ".json");
  const ref = await sessionRefAt(id, path);
  return {
    agent: "continue",
    id,
    location: path,
    title: builder.title,
    cwd: builder.cwd,
    branch: null,
    model: builder.model,
    provider: null,
    agentMode: null,
    agentVersion: null,
    startedAt: (await startTimes(join(path, ".."))).get(id) ?? null,
    lastActivityAt: ref?.modifiedAt ?? null,
    messages: builder.window.list(),
    messageCount: builder.window.count,
    firstUserMessage: builder.window.firstUser,
    files: builder.fileTouches(),
    todos: builder.todos,
    usage: builder.tokenUsage(),
    compactions: builder.compactions,
    subagents: [],
    parentId: null,
    warnings: builder.warnings,
  };
}

/** A prompt or a model turn starts a message; an empty prompt does not show. */
function startsMessage(item: JsonObject): boolean {
  const message = isObject(item.message) ? item.message : null;
  if (message?.role === "assistant") return true;
  return message?.role === "user" && chatText(message.content).length > 0;
}

async function readContinueTail(
  path: string,
  _context: ReaderContext,
  options: { last: number },
): Promise<TailResult> {
  const builder = new ContinueSessionBuilder();
  const items = await documentTail(path, HISTORY, startsMessage, options.last, builder.warnings);
  for (const item of items) builder.addRecord(item);
  return { messages: builder.window.list().slice(-options.last), warnings: builder.warnings };
}

async function listContinueSessions(
  context: ReaderContext,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const refs = await withinFolder(await locateContinueSessions(context), filter, (location) =>
    documentHead(location, HISTORY).then((head) => ({
      cwd: str(head.workspaceDirectory),
      startedAt: null,
    })),
  );
  const started = await startTimes(sessionsDir(context));
  const infos = await mapConcurrent(
    refs,
    LISTING_CONCURRENCY,
    async (ref): Promise<SessionInfo | null> => {
      const builder = await foldDocument(ref.location, HISTORY, new ContinueSessionBuilder()).catch(
        () => null,
      );
      if (!builder) return null;
      const id = builder.sessionId ?? ref.id;
      return {
        agent: "continue",
        id,
        location: ref.location,
        cwd: builder.cwd,
        title: builder.title,
        startedAt: started.get(id) ?? null,
        lastActivityAt: ref.modifiedAt,
        messageCount: builder.window.count,
        model: builder.model,
        branch: null,
        firstPrompt: builder.window.firstUser?.text ?? null,
      };
    },
  );
  return infos.filter((info): info is SessionInfo => info !== null);
}
