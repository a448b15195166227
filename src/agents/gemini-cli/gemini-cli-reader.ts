import { open, readdir, readFile, stat } from "node:fs/promises";
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
import { foldLines } from "../fold-lines.ts";
import { isObject, type JsonObject, parseRecordLine, str } from "../json-values.ts";
import { LISTING_CONCURRENCY, mapConcurrent } from "../map-concurrent.ts";
import { readLinesBackward } from "../read-lines-backward.ts";
import { withinFolder } from "../within-folder.ts";
import { GeminiChatBuilder, promptText } from "./gemini-chat-builder.ts";

export const geminiCliReader: AgentReader = {
  source: import.meta.url,
  contract: AGENT_READER_CONTRACT,
  agent: "gemini-cli",
  displayName: "Gemini CLI",
  locateSessions: locateGeminiSessions,
  peekSession: peekGeminiSession,
  listSessions: listGeminiSessions,
  readSession: readGeminiSession,
  readTail: readGeminiTail,
};

/** `GEMINI_CLI_HOME` stands in for the home directory, as in Gemini CLI itself. */
export function geminiDir(context: ReaderContext): string {
  const configured = context.env.GEMINI_CLI_HOME;
  return join(configured && configured.length > 0 ? configured : context.homedir, ".gemini");
}

/** A session file of older versions was one JSON document; it is read whole, up to this size. */
const MAX_LEGACY_BYTES = 64 << 20;

async function fold(path: string): Promise<GeminiChatBuilder> {
  if (!path.endsWith(".json")) return (await foldLines(path, new GeminiChatBuilder())).finish();
  const builder = new GeminiChatBuilder();
  if ((await stat(path)).size > MAX_LEGACY_BYTES) {
    builder.warnings["session file over 64 MB skipped"] = 1;
    return builder;
  }
  const record = parseRecordLine(await readFile(path, "utf8"), true, builder.warnings);
  if (record) builder.addRecord(record);
  return builder.finish();
}

async function readGeminiSession(path: string, context: ReaderContext): Promise<Session> {
  const builder = await fold(path);
  const { cwd } = await peekGeminiSession(path, context);
  return {
    agent: "gemini-cli",
    id: builder.sessionId ?? basename(path).replace(/\.jsonl?$/, ""),
    location: path,
    title: builder.title,
    cwd,
    branch: null,
    model: builder.model,
    provider: "google",
    agentMode: null,
    agentVersion: null,
    startedAt: builder.startedAt,
    lastActivityAt: builder.lastActivityAt,
    messages: builder.window.list(),
    messageCount: builder.window.count,
    firstUserMessage: builder.firstUser,
    files: builder.fileTouches(),
    todos: builder.todos,
    usage: builder.usage,
    compactions: builder.compactions,
    subagents: [],
    parentId: null,
    warnings: builder.warnings,
  };
}

/**
 * Reads records from the end until one more message than asked for has begun, then folds
 * them front to back. Messages a `$rewindTo` removed are read past, not counted.
 */
async function readGeminiTail(
  path: string,
  _context: ReaderContext,
  options: { last: number },
): Promise<TailResult> {
  const builder = new GeminiChatBuilder();
  if (path.endsWith(".json")) {
    const whole = await fold(path);
    return { messages: whole.window.list().slice(-options.last), warnings: whole.warnings };
  }
  const records: JsonObject[] = [];
  const seen = new Set<string>();
  /** Messages a later `$rewindTo` removed: read on (they are folded and dropped), not counted. */
  const removed = new Set<string>();
  let rewinding: string | null = null;
  for await (const line of readLinesBackward(path)) {
    const record = parseRecordLine(line.text, line.complete, builder.warnings);
    if (record === null) continue;
    if (typeof record.$rewindTo === "string" && rewinding === null) {
      rewinding = record.$rewindTo;
      removed.add(rewinding);
    }
    const id = visibleMessageId(record);
    if (typeof record.id === "string" && rewinding !== null) {
      removed.add(record.id);
      if (record.id === rewinding) rewinding = null;
    } else if (id !== null && !seen.has(id) && !removed.has(id)) {
      if (seen.size === options.last) break;
      seen.add(id);
    }
    // A restatement only repeats messages recorded on their own lines before it (or adds a
    // compression's snapshot): the tail takes them from those lines.
    if (!isObject(record.$set)) records.push(record);
  }
  for (let i = records.length - 1; i >= 0; i--) builder.addRecord(records[i] as JsonObject);
  builder.finish();
  return { messages: builder.window.list().slice(-options.last), warnings: builder.warnings };
}

/** The id of a record that shows as a message (a prompt or a model turn), else null. */
function visibleMessageId(record: JsonObject): string | null {
  if (typeof record.id !== "string") return null;
  if (record.type === "gemini") return record.id;
  if (record.type !== "user") return null;
  return promptText(record.content) === null ? null : record.id;
}

/**
 * The folder a session was recorded in is not in the session file: the project's folder
 * under `tmp/` holds it in `.project_root`, and `projects.json` maps folders to their
 * project names.
 */
async function projectRoot(chatsDir: string, context: ReaderContext): Promise<string | null> {
  const projectDir = dirname(chatsDir);
  const marker = await readFile(join(projectDir, ".project_root"), "utf8").catch(() => null);
  if (marker !== null && marker.trim().length > 0) return marker.trim();
  const registry = await readFile(join(geminiDir(context), "projects.json"), "utf8").catch(
    () => null,
  );
  if (registry === null) return null;
  try {
    const parsed = JSON.parse(registry) as unknown;
    const projects = isObject(parsed) && isObject(parsed.projects) ? parsed.projects : {};
    const name = basename(projectDir);
    for (const [root, slug] of Object.entries(projects)) if (slug === name) return root;
  } catch {
    return null;
  }
  return null;
}

/** The metadata record: the first line of a JSONL file, the head of a legacy JSON one. */
async function readHead(
  path: string,
): Promise<{ sessionId: string | null; startTime: string | null }> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.toString("utf8", 0, bytesRead);
    const firstLine = head.split("\n")[0] ?? "";
    try {
      const record = JSON.parse(firstLine) as unknown;
      if (isObject(record))
        return { sessionId: str(record.sessionId), startTime: str(record.startTime) };
    } catch {
      // A legacy document (or a long first line): look for its leading fields.
    }
    return {
      sessionId: /"sessionId"\s*:\s*"([^"]+)"/.exec(head)?.[1] ?? null,
      startTime: /"startTime"\s*:\s*"([^"]+)"/.exec(head)?.[1] ?? null,
    };
  } finally {
    await handle.close();
  }
}

async function peekGeminiSession(path: string, context: ReaderContext): Promise<SessionPeek> {
  const [head, cwd] = await Promise.all([readHead(path), projectRoot(dirname(path), context)]);
  return { cwd, startedAt: head.startTime };
}

/**
 * `~/.gemini/tmp/<project>/chats/session-<time>-<id prefix>.jsonl` (`.json` in older versions);
 * subagents' chats lie in a folder per parent session and are not sessions of their own.
 * The full id is in the file's first record.
 */
async function locateGeminiSessions(context: ReaderContext): Promise<SessionRef[]> {
  const tmp = join(geminiDir(context), "tmp");
  const projects = await readdir(tmp, { withFileTypes: true }).catch(() => []);
  const found: { ref: SessionRef; size: number }[] = [];
  for (const project of projects) {
    if (!project.isDirectory()) continue;
    const chats = join(tmp, project.name, "chats");
    const files = await readdir(chats, { withFileTypes: true }).catch(() => []);
    for (const file of files) {
      if (!file.isFile() || !/^session-.*\.jsonl?$/.test(file.name)) continue;
      const location = join(chats, file.name);
      const [info, head] = await Promise.all([
        stat(location).catch(() => null),
        readHead(location).catch(() => null),
      ]);
      if (!info) continue;
      found.push({
        ref: {
          id: head?.sessionId ?? file.name.replace(/\.jsonl?$/, ""),
          location,
          modifiedAt: info.mtime.toISOString(),
        },
        size: info.size,
      });
    }
  }
  // Files that name the same session: a resume writes a stub (the metadata and the
  // workspace context, nothing else) named for its own minute before it goes on in the
  // session's file, and a session resumed from a legacy `.json` goes on in a `.jsonl`.
  // The session is the JSONL file that holds the most.
  const byId = new Map<string, { ref: SessionRef; size: number }>();
  for (const candidate of found) {
    const other = byId.get(candidate.ref.id);
    if (!other || rank(candidate) > rank(other)) byId.set(candidate.ref.id, candidate);
  }
  return [...byId.values()].map((candidate) => candidate.ref);
}

function rank(candidate: { ref: SessionRef; size: number }): number {
  return (candidate.ref.location.endsWith(".jsonl") ? 2 ** 52 : 0) + candidate.size;
}

async function listGeminiSessions(
  context: ReaderContext,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const refs = await withinFolder(await locateGeminiSessions(context), filter, (location) =>
    peekGeminiSession(location, context),
  );
  const infos = await mapConcurrent(
    refs,
    LISTING_CONCURRENCY,
    async (ref): Promise<SessionInfo | null> => {
      const session = await readGeminiSession(ref.location, context).catch(() => null);
      if (!session) return null;
      return {
        agent: "gemini-cli",
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
