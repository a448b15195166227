import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
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
import { peekLines } from "../peek-lines.ts";
import { agentFolder, sessionRefsAt } from "../session-ref-at.ts";
import { withinFolder } from "../within-folder.ts";
import { CopilotSessionBuilder } from "./copilot-session-builder.ts";
import { readCopilotTodos } from "./copilot-todos.ts";

/**
 * GitHub Copilot CLI keeps one folder per session, `<copilot home>/session-state/<id>/`:
 * `events.jsonl` (the event log), `workspace.yaml` (cwd, branch, name, times) and, once
 * the model has used its `sql` tool, `session.db` (the todo list). Read, never written.
 */
export const copilotReader: AgentReader = {
  source: import.meta.url,
  contract: AGENT_READER_CONTRACT,
  agent: "copilot",
  displayName: "GitHub Copilot",
  locateSessions: locateCopilotSessions,
  peekSession: (location) =>
    peekLines(location, (record, peek) => {
      const data = isObject(record.data) ? record.data : null;
      if ((record.type === "session.start" || record.type === "session.resume") && data) {
        if (isObject(data.context)) peek.cwd ??= str(data.context.cwd);
        peek.startedAt ??= str(data.startTime) ?? str(record.timestamp);
      }
    }),
  listSessions: listCopilotSessions,
  readSession: readCopilotSession,
  readTail: readCopilotTail,
};

/** `COPILOT_HOME` wins over `~/.copilot`, as in Copilot itself. */
export function copilotHome(context: ReaderContext): string {
  return agentFolder(context, "COPILOT_HOME", ".copilot");
}

const sessionIdOf = (eventsPath: string) => basename(dirname(eventsPath));

async function readCopilotSession(path: string): Promise<Session> {
  const builder = await foldLines(path, new CopilotSessionBuilder());
  const workspace = await readWorkspace(path);
  return {
    agent: "copilot",
    id: builder.sessionId ?? sessionIdOf(path),
    location: path,
    title: workspace.name,
    cwd: builder.cwd ?? workspace.cwd,
    branch: builder.branch ?? workspace.branch,
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
    todos: readCopilotTodos(join(dirname(path), "session.db"), builder.warnings),
    usage: builder.usage,
    compactions: builder.compactions,
    subagents: builder.subagents,
    parentId: null,
    warnings: builder.warnings,
  };
}

async function readCopilotTail(
  path: string,
  _context: ReaderContext,
  options: { last: number },
): Promise<TailResult> {
  return foldTail(path, new CopilotSessionBuilder(), messageKey, options.last);
}

/** The events that start a message of their own (an assistant turn without text joins the one before). */
function messageKey(record: JsonObject): string | null {
  if (record.type !== "user.message" && record.type !== "assistant.message") return null;
  if (str(record.agentId) !== null || !isObject(record.data)) return null;
  const text = str(record.data.content)?.trim() ?? "";
  return text.length > 0 ? (str(record.id) ?? text) : null;
}

interface Workspace {
  name: string | null;
  cwd: string | null;
  branch: string | null;
}

/** `workspace.yaml` beside the events: small, and the only place the session's name is kept. */
async function readWorkspace(eventsPath: string): Promise<Workspace> {
  const text = await readFile(join(dirname(eventsPath), "workspace.yaml"), "utf8").catch(
    () => null,
  );
  let value: unknown = null;
  try {
    // Loaded here, not at the top: every `baton read` loads every reader.
    value = text === null ? null : (await import("yaml")).parse(text);
  } catch {
    value = null;
  }
  const yaml: JsonObject = isObject(value) ? value : {};
  return { name: str(yaml.name), cwd: str(yaml.cwd), branch: str(yaml.branch) };
}

async function locateCopilotSessions(context: ReaderContext): Promise<SessionRef[]> {
  const root = join(copilotHome(context), "session-state");
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  return sessionRefsAt(
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({ id: entry.name, location: join(root, entry.name, "events.jsonl") })),
  );
}

async function listCopilotSessions(
  context: ReaderContext,
  filter: SessionFilter = {},
): Promise<SessionInfo[]> {
  const refs = await withinFolder(await locateCopilotSessions(context), filter, (location) =>
    copilotReader.peekSession(location, context),
  );
  const infos = await mapConcurrent(
    refs,
    LISTING_CONCURRENCY,
    async ({ location, modifiedAt }): Promise<SessionInfo | null> => {
      const builder = await foldLines(location, new CopilotSessionBuilder()).catch(() => null);
      if (!builder) return null;
      const workspace = await readWorkspace(location);
      return {
        agent: "copilot",
        id: builder.sessionId ?? sessionIdOf(location),
        location,
        cwd: builder.cwd ?? workspace.cwd,
        title: workspace.name,
        startedAt: builder.startedAt,
        lastActivityAt: builder.lastActivityAt ?? modifiedAt,
        messageCount: builder.window.count,
        model: builder.model,
        branch: builder.branch ?? workspace.branch,
        firstPrompt: builder.window.firstUser?.text ?? null,
      };
    },
  );
  return infos.filter((info): info is SessionInfo => info !== null);
}
