import { readdir } from "node:fs/promises";
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
import { type JsonObject, str } from "../json-values.ts";
import { LISTING_CONCURRENCY, mapConcurrent } from "../map-concurrent.ts";
import { documentHead, documentTail, foldDocument } from "../pretty-json-document.ts";
import { sessionRefsAt } from "../session-ref-at.ts";
import { withinFolder } from "../within-folder.ts";
import { NanocoderSessionBuilder } from "./nanocoder-session-builder.ts";

const MESSAGES = "messages";

export const nanocoderReader: AgentReader = {
  source: import.meta.url,
  contract: AGENT_READER_CONTRACT,
  agent: "nanocoder",
  displayName: "Nanocoder",
  locateSessions: locateNanocoderSessions,
  peekSession: peekNanocoderSession,
  listSessions: listNanocoderSessions,
  readSession: readNanocoderSession,
  readTail: readNanocoderTail,
};

/**
 * Nanocoder's data folder, as it finds it: `NANOCODER_DATA_DIR`, else
 * `$XDG_DATA_HOME/nanocoder`, else the platform's (`~/.local/share/nanocoder` on Linux).
 * A `sessions.directory` set in its own config is not followed.
 */
function sessionsDir(context: ReaderContext): string {
  const { NANOCODER_DATA_DIR: explicit, XDG_DATA_HOME: xdg } = context.env;
  if (explicit) return join(explicit, "sessions");
  if (xdg) return join(xdg, "nanocoder", "sessions");
  const base =
    process.platform === "darwin"
      ? join(context.homedir, "Library", "Application Support")
      : join(context.homedir, ".local", "share");
  return join(base, "nanocoder", "sessions");
}

/** `sessions/<session id>.json`, beside the `sessions.json` index. */
async function locateNanocoderSessions(context: ReaderContext): Promise<SessionRef[]> {
  const dir = sessionsDir(context);
  const files = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: { id: string; location: string }[] = [];
  for (const file of files) {
    if (!file.isFile() || !file.name.endsWith(".json") || file.name === "sessions.json") continue;
    found.push({ id: basename(file.name, ".json"), location: join(dir, file.name) });
  }
  return sessionRefsAt(found);
}

async function peekNanocoderSession(path: string): Promise<SessionPeek> {
  const head = await documentHead(path, MESSAGES);
  return { cwd: str(head.workingDirectory), startedAt: str(head.createdAt) };
}

async function readNanocoderSession(path: string): Promise<Session> {
  const builder = await foldDocument(path, MESSAGES, new NanocoderSessionBuilder());
  return {
    agent: "nanocoder",
    id: builder.sessionId ?? basename(path, ".json"),
    location: path,
    title: builder.title,
    cwd: builder.cwd,
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
    todos: builder.todos,
    usage: null,
    compactions: [],
    subagents: [],
    parentId: null,
    warnings: builder.warnings,
  };
}

/** A prompt or a model turn starts a message; tool results and system messages do not. */
function startsMessage(message: JsonObject): boolean {
  if (message.role === "assistant") return true;
  return message.role === "user" && chatText(message.content).length > 0;
}

async function readNanocoderTail(
  path: string,
  _context: ReaderContext,
  options: { last: number },
): Promise<TailResult> {
  const builder = new NanocoderSessionBuilder();
  // The model is a head field: read it for the messages' model.
  builder.model = str((await documentHead(path, MESSAGES)).model);
  const items = await documentTail(path, MESSAGES, startsMessage, options.last, builder.warnings);
  for (const item of items) builder.addRecord(item);
  return { messages: builder.window.list().slice(-options.last), warnings: builder.warnings };
}

async function listNanocoderSessions(
  context: ReaderContext,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const refs = await withinFolder(
    await locateNanocoderSessions(context),
    filter,
    peekNanocoderSession,
  );
  const infos = await mapConcurrent(
    refs,
    LISTING_CONCURRENCY,
    async (ref): Promise<SessionInfo | null> => {
      const builder = await foldDocument(
        ref.location,
        MESSAGES,
        new NanocoderSessionBuilder(),
      ).catch(() => null);
      if (!builder) return null;
      return {
        agent: "nanocoder",
        id: builder.sessionId ?? ref.id,
        location: ref.location,
        cwd: builder.cwd,
        title: builder.title,
        startedAt: builder.startedAt,
        lastActivityAt: builder.lastActivityAt ?? ref.modifiedAt,
        messageCount: builder.window.count,
        model: builder.model,
        branch: null,
        firstPrompt: builder.window.firstUser?.text ?? null,
      };
    },
  );
  return infos.filter((info): info is SessionInfo => info !== null);
}
