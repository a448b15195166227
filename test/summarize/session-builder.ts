import type {
  FileTouch,
  FileTouchKind,
  Session,
  SessionMessage,
  SessionTodo,
  ToolCall,
  ToolCategory,
} from "../../src/core/session.ts";

/**
 * Small sessions written by hand for the targeted cases the recorded fixtures do not
 * cover. Built the way the readers build them: messages in order, tool calls with their
 * categories, files touched derived from the calls, timestamps one second apart.
 */
export interface SessionParts {
  messages: Array<Omit<SessionMessage, "at" | "id" | "model"> & { id?: string }>;
  todos?: SessionTodo[] | null;
  cwd?: string;
  compactions?: Session["compactions"];
  firstUserMessage?: SessionMessage | null;
}

const START = Date.parse("2026-05-01T10:00:00.000Z");

export function buildSession(parts: SessionParts): Session {
  let clock = START;
  const tick = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  const files = new Map<string, FileTouch>();
  const messages: SessionMessage[] = parts.messages.map((message, index) => {
    const at = tick();
    const toolCalls = message.toolCalls.map((call) => {
      const placed = { ...call, at: tick() };
      for (const path of placed.paths) touch(files, path, kindOf(placed), placed.at);
      return placed;
    });
    return {
      id: message.id ?? `m${index}`,
      role: message.role,
      text: message.text,
      toolCalls,
      model: message.role === "assistant" ? "test-model" : null,
      at,
    };
  });
  const firstUser =
    parts.firstUserMessage !== undefined
      ? parts.firstUserMessage
      : (messages.find((m) => m.role === "user") ?? null);
  return {
    agent: "claude-code",
    id: "session-1",
    location: "/home/u/.claude/projects/x/session-1.jsonl",
    title: null,
    cwd: parts.cwd ?? "/work/app",
    branch: "main",
    model: "test-model",
    provider: "anthropic",
    agentMode: null,
    agentVersion: "1.0.0",
    startedAt: messages[0]?.at ?? null,
    lastActivityAt: messages.at(-1)?.at ?? null,
    messages,
    messageCount: messages.length,
    firstUserMessage: firstUser,
    files: [...files.values()],
    todos: parts.todos ?? null,
    usage: null,
    compactions: parts.compactions ?? [],
    subagents: [],
    parentId: null,
    warnings: {},
  };
}

function kindOf(call: ToolCall): FileTouchKind {
  if (call.category === "read") return "read";
  if (call.category === "edit") return "edited";
  return (call.input as { created?: boolean } | null)?.created === false ? "written" : "created";
}

function touch(files: Map<string, FileTouch>, path: string, kind: FileTouchKind, at: string) {
  const known = files.get(path) ?? { path, kinds: [], count: 0, lastAt: null };
  if (!known.kinds.includes(kind)) known.kinds.push(kind);
  known.count++;
  known.lastAt = at;
  files.set(path, known);
}

export const user = (text: string) => ({ role: "user" as const, text, toolCalls: [] });
export const assistant = (text: string, ...toolCalls: ToolCall[]) => ({
  role: "assistant" as const,
  text,
  toolCalls,
});

function call(name: string, category: ToolCategory, fields: Partial<ToolCall>): ToolCall {
  return {
    id: null,
    name,
    category,
    input: null,
    output: null,
    exitCode: null,
    isError: false,
    command: null,
    paths: [],
    at: null,
    ...fields,
  };
}

export function shell(command: string, exitCode: number, output = ""): ToolCall {
  return call("Bash", "shell", {
    input: { command },
    command,
    exitCode,
    isError: exitCode !== 0,
    output: exitCode === 0 ? output : `Exit code ${exitCode}\n${output}`,
  });
}

export function edit(path: string, from: string, to: string): ToolCall {
  return call("Edit", "edit", {
    input: { file_path: path, old_string: from, new_string: to },
    paths: [path],
    output: "updated",
  });
}

export function write(path: string, content = "x\n"): ToolCall {
  return call("Write", "write", { input: { file_path: path, content }, paths: [path] });
}

export function read(path: string): ToolCall {
  return call("Read", "read", { input: { file_path: path }, paths: [path], output: "1\tx" });
}
