import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Session, SessionTodo, SubagentRef } from "../../core/session.ts";
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
import { peekLines } from "../peek-lines.ts";
import { sessionRefsAt } from "../session-ref-at.ts";
import { toTodoStatus } from "../todo-status.ts";
import { withinFolder } from "../within-folder.ts";
import { humanText } from "./claude-record.ts";
import { ClaudeSessionBuilder } from "./claude-session-builder.ts";
import { claudeConfigDir, claudeProjectsDir } from "./paths.ts";

export const claudeCodeReader: AgentReader = {
  source: import.meta.url,
  contract: AGENT_READER_CONTRACT,
  agent: "claude-code",
  displayName: "Claude Code",
  locateSessions: locateClaudeSessions,
  peekSession: (location) =>
    peekLines(location, (record, peek) => {
      peek.cwd ??= str(record.cwd);
      peek.startedAt ??= str(record.timestamp);
    }),
  listSessions: listClaudeSessions,
  readSession: readClaudeSession,
  readTail: readClaudeTail,
};

function buildForward(path: string): Promise<ClaudeSessionBuilder> {
  return foldLines(path, new ClaudeSessionBuilder());
}

async function readClaudeSession(path: string, context: ReaderContext): Promise<Session> {
  const builder = await buildForward(path);
  const id = builder.sessionId ?? basename(path, ".jsonl");
  const [subagents, taskTodos] = await Promise.all([
    listSubagents(path, id),
    readTaskFiles(join(claudeConfigDir(context), "tasks", id)),
  ]);
  return {
    agent: "claude-code",
    id,
    location: path,
    title: builder.customTitle ?? builder.aiTitle,
    cwd: builder.cwd,
    branch: builder.branch,
    model: builder.model,
    provider: builder.model ? "anthropic" : null,
    agentMode: builder.permissionMode,
    agentVersion: builder.version,
    startedAt: builder.startedAt,
    lastActivityAt: builder.lastActivityAt,
    messages: builder.window.list(),
    messageCount: builder.window.count,
    firstUserMessage: builder.window.firstUser,
    files: builder.fileTouches(),
    todos: taskTodos ?? builder.todos(),
    usage: builder.usage(),
    compactions: builder.compactions,
    subagents,
    parentId: null,
    warnings: builder.warnings,
  };
}

function readClaudeTail(
  path: string,
  _context: ReaderContext,
  options: { last: number },
): Promise<TailResult> {
  return foldTail(path, new ClaudeSessionBuilder(), messageKey, options.last);
}

/** Which message a record starts or continues: a human turn, or an assistant API message. */
function messageKey(record: JsonObject, line: string): string | null {
  if (record.type === "assistant" && isObject(record.message)) {
    return `a:${str(record.message.id) ?? str(record.uuid) ?? line.length}`;
  }
  if (record.type === "user" && humanText(record) !== null)
    return `u:${str(record.uuid) ?? line.length}`;
  return null;
}

async function locateClaudeSessions(context: ReaderContext): Promise<SessionRef[]> {
  const root = claudeProjectsDir(context);
  const projects = await readdir(root, { withFileTypes: true }).catch(() => []);
  const files: { id: string; location: string }[] = [];
  for (const project of projects) {
    if (!project.isDirectory()) continue;
    const entries = await readdir(join(root, project.name), { withFileTypes: true }).catch(
      () => [],
    );
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith(".jsonl")) continue;
      // Claude Code ≤ 2.0 wrote each subagent's transcript (`isSidechain: true`, the parent's
      // sessionId) as `agent-<id>.jsonl` beside the session: a subagent, never a session.
      if (isSidechainFile(entry.name)) continue;
      const location = join(root, project.name, entry.name);
      files.push({ id: basename(entry.name, ".jsonl"), location });
    }
  }
  return sessionRefsAt(files);
}

async function listClaudeSessions(
  context: ReaderContext,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const refs = await withinFolder(await locateClaudeSessions(context), filter, (location) =>
    claudeCodeReader.peekSession(location, context),
  );
  const infos = await mapConcurrent(refs, LISTING_CONCURRENCY, (ref) =>
    describeSession(ref.location),
  );
  return infos.filter((info): info is SessionInfo => info !== null);
}

async function describeSession(path: string): Promise<SessionInfo | null> {
  const builder = await buildForward(path).catch(() => null);
  if (!builder) return null;
  const firstPrompt = builder.window.firstPrompt?.text ?? null;
  const lastActivityAt = builder.lastActivityAt ?? (await stat(path)).mtime.toISOString();
  return {
    agent: "claude-code",
    id: builder.sessionId ?? basename(path, ".jsonl"),
    location: path,
    cwd: builder.cwd,
    title: builder.customTitle ?? builder.aiTitle,
    startedAt: builder.startedAt,
    lastActivityAt,
    messageCount: builder.window.count,
    model: builder.model,
    branch: builder.branch,
    firstPrompt,
  };
}

function isSidechainFile(name: string): boolean {
  return name.startsWith("agent-") && name.endsWith(".jsonl");
}

async function listSubagents(path: string, id: string): Promise<SubagentRef[]> {
  const folder = join(dirname(path), id, "subagents");
  const entries = await readdir(folder).catch(() => [] as string[]);
  const refs: SubagentRef[] = await listSidechainFiles(dirname(path), id);
  for (const name of entries) {
    if (!name.endsWith(".jsonl")) continue;
    const agentId = name.replace(/^agent-/, "").replace(/\.jsonl$/, "");
    const meta = await readFile(join(folder, name.replace(/\.jsonl$/, ".meta.json")), "utf8")
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => null);
    const description = isObject(meta) ? (str(meta.description) ?? str(meta.agentType)) : null;
    refs.push({ id: agentId, description, path: join(folder, name) });
  }
  return refs;
}

/** The old layout's `agent-<id>.jsonl` files beside the session whose sessionId is this one. */
async function listSidechainFiles(folder: string, id: string): Promise<SubagentRef[]> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter(isSidechainFile);
  const refs: SubagentRef[] = [];
  for (const name of names) {
    const path = join(folder, name);
    let parent: string | null = null;
    await peekLines(
      path,
      (record) => {
        parent ??= str(record.sessionId);
      },
      5,
    ).catch(() => null);
    if (parent === id)
      refs.push({
        id: name.replace(/^agent-/, "").replace(/\.jsonl$/, ""),
        description: null,
        path,
      });
  }
  return refs;
}

/** The task tools' own store, authoritative over replaying the tool calls. */
async function readTaskFiles(folder: string): Promise<SessionTodo[] | null> {
  const entries = await readdir(folder).catch(() => null);
  if (!entries) return null;
  const tasks: { order: number; todo: SessionTodo }[] = [];
  for (const name of entries) {
    if (!name.endsWith(".json")) continue;
    const data = await readFile(join(folder, name), "utf8")
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => null);
    if (!isObject(data)) continue;
    const text = str(data.subject) ?? str(data.description);
    const status = str(data.status);
    if (!text || !status || status === "deleted") continue;
    const normalized = toTodoStatus(status) ?? "pending";
    tasks.push({
      order: Number(str(data.id) ?? name.replace(/\.json$/, "")) || 0,
      todo: { text, status: normalized },
    });
  }
  if (tasks.length === 0) return null;
  return tasks.sort((a, b) => a.order - b.order).map((task) => task.todo);
}
