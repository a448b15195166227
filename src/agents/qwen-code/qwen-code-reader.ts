import { readdir } from "node:fs/promises";
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
import { functionCalls, partsText } from "../gemini-cli/gemini-parts.ts";
import { isObject, type JsonObject, str } from "../json-values.ts";
import { LISTING_CONCURRENCY, mapConcurrent } from "../map-concurrent.ts";
import { peekLines } from "../peek-lines.ts";
import { agentFolder, sessionRefsAt } from "../session-ref-at.ts";
import { withinFolder } from "../within-folder.ts";
import { QwenSessionBuilder } from "./qwen-session-builder.ts";

export const qwenCodeReader: AgentReader = {
  source: import.meta.url,
  contract: AGENT_READER_CONTRACT,
  agent: "qwen-code",
  displayName: "Qwen Code",
  locateSessions: locateQwenSessions,
  peekSession: (location) =>
    peekLines(location, (record, peek) => {
      peek.cwd ??= str(record.cwd);
      peek.startedAt ??= str(record.timestamp);
    }),
  listSessions: listQwenSessions,
  readSession: readQwenSession,
  readTail: readQwenTail,
};

/** `QWEN_HOME` replaces `~/.qwen`, as in Qwen Code itself. */
export function qwenHome(context: ReaderContext): string {
  return agentFolder(context, "QWEN_HOME", ".qwen");
}

async function readQwenSession(path: string): Promise<Session> {
  const builder = await foldLines(path, new QwenSessionBuilder());
  return {
    agent: "qwen-code",
    id: builder.sessionId ?? basename(path, ".jsonl"),
    location: path,
    title: builder.title,
    cwd: builder.cwd,
    branch: builder.branch,
    model: builder.model,
    provider: null,
    agentMode: null,
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
    parentId: null,
    warnings: builder.warnings,
  };
}

function readQwenTail(
  path: string,
  _context: ReaderContext,
  options: { last: number },
): Promise<TailResult> {
  return foldTail(path, new QwenSessionBuilder(), messageKey, options.last);
}

/** Prompts and model turns start a message; tool results and system records do not. */
function messageKey(record: JsonObject): string | null {
  const message = isObject(record.message) ? record.message : null;
  if (record.type === "assistant") return str(record.uuid);
  if (record.type !== "user") return null;
  return partsText(message?.parts).length > 0 || functionCalls(message?.parts).length > 0
    ? str(record.uuid)
    : null;
}

/** `<QWEN_HOME>/projects/<encoded cwd>/chats/<session id>.jsonl`; `chats/archive/` holds archived ones. */
async function locateQwenSessions(context: ReaderContext): Promise<SessionRef[]> {
  const projects = join(qwenHome(context), "projects");
  const dirs = await readdir(projects, { withFileTypes: true }).catch(() => []);
  const found: { id: string; location: string }[] = [];
  for (const dir of dirs) {
    if (!dir.isDirectory()) continue;
    for (const chats of [
      join(projects, dir.name, "chats"),
      join(projects, dir.name, "chats", "archive"),
    ]) {
      const files = await readdir(chats, { withFileTypes: true }).catch(() => []);
      for (const file of files) {
        if (!file.isFile() || !file.name.endsWith(".jsonl")) continue;
        found.push({ id: basename(file.name, ".jsonl"), location: join(chats, file.name) });
      }
    }
  }
  return sessionRefsAt(found);
}

async function listQwenSessions(
  context: ReaderContext,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const refs = await withinFolder(await locateQwenSessions(context), filter, (location) =>
    qwenCodeReader.peekSession(location, context),
  );
  const infos = await mapConcurrent(
    refs,
    LISTING_CONCURRENCY,
    async (ref): Promise<SessionInfo | null> => {
      const builder = await foldLines(ref.location, new QwenSessionBuilder()).catch(() => null);
      if (!builder) return null;
      return {
        agent: "qwen-code",
        id: builder.sessionId ?? ref.id,
        location: ref.location,
        cwd: builder.cwd,
        title: builder.title,
        startedAt: builder.startedAt,
        lastActivityAt: builder.lastActivityAt ?? ref.modifiedAt,
        messageCount: builder.window.count,
        model: builder.model,
        branch: builder.branch,
        firstPrompt: builder.window.firstUser?.text ?? null,
      };
    },
  );
  return infos.filter((info): info is SessionInfo => info !== null);
}
