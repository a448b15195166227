import type {
  CompactionSummary,
  ParseWarnings,
  Session,
  SessionMessage,
  SessionTodo,
  TokenUsage,
  ToolCall,
} from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { FileTouches } from "../file-touches.ts";
import { isObject, type JsonObject, num, str } from "../json-values.ts";
import { MessageWindow } from "../message-window.ts";
import { toTodoStatus } from "../todo-status.ts";
import { openCodeToolCategory } from "./opencode-tools.ts";

/** One stored message with its parts, whether from the SQLite store or the older JSON tree. */
export interface StoredMessage {
  id: string;
  createdMs: number;
  info: JsonObject;
  parts: JsonObject[];
}

export interface StoredSession {
  id: string;
  location: string;
  directory: string | null;
  title: string | null;
  version: string | null;
  parentId: string | null;
  agent: string | null;
  model: { id: string | null; providerID: string | null } | null;
  createdMs: number | null;
  updatedMs: number | null;
  usage: TokenUsage | null;
}

export function toIso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/** Turns OpenCode's messages and parts into Session messages, files and compactions. */
export function buildOpenCodeSession(
  session: StoredSession,
  stored: StoredMessage[],
  todoRows: JsonObject[] | null,
  subagentIds: string[],
): Session {
  const warnings: ParseWarnings = {};
  const files = new FileTouches();
  const compactions: CompactionSummary[] = [];
  const window = new MessageWindow();
  let model = session.model?.id ?? null;
  let provider = session.model?.providerID ?? null;
  let agentMode = session.agent;
  let usageSum: TokenUsage | null = null;

  for (const message of stored) {
    const info = message.info;
    const role = str(info.role);
    const at = toIso(
      isObject(info.time) ? num(info.time.created) || message.createdMs : message.createdMs,
    );
    if (role === "assistant") {
      model = str(info.modelID) ?? model;
      provider = str(info.providerID) ?? provider;
      agentMode = str(info.agent) ?? str(info.mode) ?? agentMode;
      usageSum = addTokens(usageSum, info.tokens);
    }
    const built = buildMessage(message, role, at, files, warnings);
    if (role === "assistant" && info.summary === true) {
      compactions.push({ text: built?.text ?? "", at, trigger: null });
      continue;
    }
    if (built) window.push(built);
  }

  const todos = todoRows === null ? null : parseTodos(todoRows);
  const messages = window.list();
  const first = toIso(session.createdMs) ?? messages[0]?.at ?? null;
  return {
    agent: "opencode",
    id: session.id,
    location: session.location,
    title: session.title,
    cwd: session.directory,
    branch: null,
    model,
    provider,
    agentMode,
    agentVersion: session.version,
    startedAt: first,
    lastActivityAt: toIso(session.updatedMs) ?? messages.at(-1)?.at ?? null,
    messages,
    messageCount: window.count,
    firstUserMessage: window.firstUser,
    files: files.list(),
    todos,
    usage: session.usage ?? usageSum,
    compactions,
    subagents: subagentIds.map((id) => ({ id, description: null, path: null })),
    parentId: session.parentId,
    warnings,
  };
}

export function buildMessage(
  message: StoredMessage,
  role: string | null,
  at: string | null,
  files: FileTouches,
  warnings: ParseWarnings,
): SessionMessage | null {
  if (role !== "user" && role !== "assistant") {
    addWarning(warnings, `message with unknown role ${role ?? "(none)"}`);
    return null;
  }
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const part of message.parts) {
    const type = str(part.type);
    if (type === "text") {
      if (part.synthetic === true || part.ignored === true) continue;
      const text = str(part.text);
      if (text) texts.push(text);
    } else if (type === "tool") {
      toolCalls.push(buildToolCall(part, at, files));
    } else if (type === "patch" && Array.isArray(part.files)) {
      for (const path of part.files)
        if (typeof path === "string" && !files.has(path)) files.touch(path, "edited", at);
    } else if (type === null) {
      addWarning(warnings, "part without a type");
    }
  }
  const text = texts.join("\n").trim();
  if (role === "user" && text.length === 0) return null;
  return {
    id: message.id,
    role,
    text: capText(text, MAX_MESSAGE_CHARS),
    toolCalls,
    model: role === "assistant" ? str(message.info.modelID) : null,
    at,
  };
}

function buildToolCall(part: JsonObject, at: string | null, files: FileTouches): ToolCall {
  const name = str(part.tool) ?? "unknown";
  const state = isObject(part.state) ? part.state : {};
  const input = isObject(state.input) ? state.input : {};
  const metadata = isObject(state.metadata) ? state.metadata : {};
  const status = str(state.status);
  const category = openCodeToolCategory(name);
  const output = str(state.output) ?? str(state.error);
  const isError = status === "error";
  const path = str(input.filePath) ?? str(input.path);
  const paths =
    path && (category === "read" || category === "write" || category === "edit") ? [path] : [];
  if (!isError && status === "completed") {
    for (const file of paths) {
      if (category === "read") files.touch(file, "read", at);
      if (category === "edit") files.touch(file, "edited", at);
      if (category === "write")
        files.touch(file, metadata.exists === false ? "created" : "written", at);
    }
  }
  const exit = metadata.exit;
  return {
    id: str(part.callID),
    name,
    category,
    input,
    output: output === null ? null : capText(output, MAX_OUTPUT_CHARS),
    exitCode: category === "shell" && typeof exit === "number" ? exit : null,
    isError: isError || (typeof exit === "number" && exit !== 0),
    // `pending` and `running` parts have no result yet, whatever their metadata shows so far.
    unfinished: status !== "completed" && status !== "error",
    command: category === "shell" ? str(input.command) : null,
    paths,
    at,
  };
}

function addTokens(total: TokenUsage | null, tokens: unknown): TokenUsage | null {
  if (!isObject(tokens)) return total;
  const cache = isObject(tokens.cache) ? tokens.cache : {};
  const sum = total ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
  sum.input += num(tokens.input);
  sum.output += num(tokens.output);
  sum.reasoning += num(tokens.reasoning);
  sum.cacheRead += num(cache.read);
  sum.cacheWrite += num(cache.write);
  return sum;
}

function parseTodos(rows: JsonObject[]): SessionTodo[] {
  const todos: SessionTodo[] = [];
  for (const row of rows) {
    const text = str(row.content);
    const status = str(row.status);
    const known = toTodoStatus(status);
    if (text && known !== null) todos.push({ text, status: known });
  }
  return todos;
}
