import type {
  CompactionSummary,
  FileTouch,
  FileTouchKind,
  ParseWarnings,
  SessionTodo,
  TokenUsage,
  ToolCall,
  ToolCategory,
} from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { type ChatToolCall, chatText, chatToolCalls } from "../chat-message-parts.ts";
import { FileTouches } from "../file-touches.ts";
import { isObject, type JsonObject, num, str } from "../json-values.ts";
import { MessageWindow } from "../message-window.ts";
import type { DocumentFolder } from "../pretty-json-document.ts";

const CATEGORIES: Record<string, ToolCategory> = {
  Bash: "shell",
  Read: "read",
  Write: "write",
  Edit: "edit",
  MultiEdit: "edit",
  List: "search",
  Search: "search",
  Fetch: "fetch",
  Checklist: "todo",
  Subagent: "task",
};

const FILE_KINDS: Record<string, FileTouchKind> = {
  Read: "read",
  Write: "written",
  Edit: "edited",
  MultiEdit: "edited",
};

/** Roles Continue keeps that never show as a message. */
const QUIET_ROLES = new Set(["system", "thinking"]);

/** Continue's placeholder until it names a session. */
const UNTITLED = "Untitled Session";

/**
 * Folds a Continue CLI session file (`<CONTINUE_GLOBAL_DIR or ~/.continue>/sessions/<id>.json`,
 * one JSON document rewritten whole on every turn) into a Session's parts: the fields
 * `sessionId`, `title`, `workspaceDirectory` and `usage` (the session's token totals), and
 * the `history` items `{message: {role, content, toolCalls, usage}, contextItems,
 * toolCallStates}`. A tool call's result lives in its own item's `toolCallStates`
 * (`{toolCallId, status: done|errored|canceled|…, output: [{content}]}`); a failed shell
 * command says `Error (exit code N)`. No message carries a time: the session's start is in
 * the `sessions.json` index, its last activity is the file's mtime.
 */
export class ContinueSessionBuilder implements DocumentFolder {
  readonly window = new MessageWindow();
  readonly warnings: ParseWarnings = {};
  readonly compactions: CompactionSummary[] = [];
  sessionId: string | null = null;
  cwd: string | null = null;
  title: string | null = null;
  model: string | null = null;
  todos: SessionTodo[] | null = null;
  usage: TokenUsage | null = null;
  private summed: TokenUsage | null = null;
  private readonly files = new FileTouches();

  addField(key: string, value: unknown): void {
    if (key === "sessionId") this.sessionId = str(value);
    else if (key === "workspaceDirectory") this.cwd = str(value);
    else if (key === "title") this.title = str(value) === UNTITLED ? null : str(value);
    else if (key === "usage" && isObject(value)) this.usage = totals(value);
  }

  addRecord(item: JsonObject): void {
    const message = isObject(item.message) ? item.message : null;
    const role = str(message?.role);
    if (message === null || role === null) {
      addWarning(this.warnings, "history item without a message");
      return;
    }
    // Continue's compaction replaces the history with the summary, as an assistant item that
    // also carries it as `conversationSummary` (the headless `/compact` of 1.5.47 compacts
    // the model's context but does not keep that in the file).
    if (typeof item.conversationSummary === "string") {
      const text = capText(item.conversationSummary, MAX_MESSAGE_CHARS);
      this.compactions.push({ text, at: null, trigger: null });
      return;
    }
    if (role === "user") this.addUser(message);
    else if (role === "assistant") this.addAssistant(item, message);
    else if (!QUIET_ROLES.has(role)) addWarning(this.warnings, `unknown message role ${role}`);
  }

  private addUser(message: JsonObject): void {
    const text = chatText(message.content);
    if (text.length === 0) return;
    this.window.push({
      id: null,
      role: "user",
      text: capText(text, MAX_MESSAGE_CHARS),
      toolCalls: [],
      model: null,
      at: null,
    });
  }

  private addAssistant(item: JsonObject, message: JsonObject): void {
    const usage = isObject(message.usage) ? message.usage : null;
    this.model = str(usage?.model) ?? this.model;
    if (usage !== null) this.addUsage(usage);
    const states = new Map<string, JsonObject>();
    for (const state of Array.isArray(item.toolCallStates) ? item.toolCallStates : []) {
      if (isObject(state) && typeof state.toolCallId === "string")
        states.set(state.toolCallId, state);
    }
    const toolCalls = chatToolCalls(message.toolCalls).map((call) =>
      this.toToolCall(call, call.id === null ? undefined : states.get(call.id)),
    );
    this.window.push({
      id: null,
      role: "assistant",
      text: capText(chatText(message.content), MAX_MESSAGE_CHARS),
      toolCalls,
      model: this.model,
      at: null,
    });
  }

  private toToolCall(call: ChatToolCall, state: JsonObject | undefined): ToolCall {
    const category = CATEGORIES[call.name] ?? "other";
    const path = str(call.args.filepath) ?? str(call.args.file_path);
    const status = str(state?.status);
    const output = outputText(state?.output);
    const ran = status === "done" || status === "errored";
    let exitCode: number | null = null;
    if (category === "shell" && ran) {
      const printed = /\(exit code (-?\d+)\)/.exec(output);
      exitCode = printed ? Number(printed[1]) : status === "done" ? 0 : null;
    }
    const toolCall: ToolCall = {
      id: call.id,
      name: call.name,
      category,
      input: call.args,
      output: state === undefined ? null : capText(output, MAX_OUTPUT_CHARS),
      exitCode,
      isError: status === "errored" || (exitCode !== null && exitCode !== 0),
      command: category === "shell" ? str(call.args.command) : null,
      paths: path ? [path] : [],
      at: null,
    };
    if (!ran && status !== "canceled") toolCall.unfinished = true;
    const kind = FILE_KINDS[call.name];
    if (kind !== undefined && path && status === "done") {
      const created = kind === "written" && /^Successfully created file/m.test(output);
      this.files.touch(path, created ? "created" : kind, null);
    }
    if (call.name === "Checklist" && typeof call.args.checklist === "string")
      this.todos = checklistTodos(call.args.checklist);
    return toolCall;
  }

  private addUsage(usage: JsonObject): void {
    const sum = this.summed ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
    sum.input += num(usage.prompt_tokens);
    sum.output += num(usage.completion_tokens);
    this.summed = sum;
  }

  /** The session's totals when the file has them, else the sum of its messages'. */
  tokenUsage(): TokenUsage | null {
    return this.usage ?? this.summed;
  }

  fileTouches(): FileTouch[] {
    return this.files.list();
  }
}

/** `usage {promptTokens, completionTokens, promptTokensDetails {cachedTokens, cacheWriteTokens}}`. */
function totals(usage: JsonObject): TokenUsage {
  const details = isObject(usage.promptTokensDetails) ? usage.promptTokensDetails : {};
  const cacheRead = num(details.cachedTokens);
  const cacheWrite = num(details.cacheWriteTokens);
  return {
    input: Math.max(0, num(usage.promptTokens) - cacheRead - cacheWrite),
    output: num(usage.completionTokens),
    cacheRead,
    cacheWrite,
    reasoning: 0,
  };
}

function outputText(output: unknown): string {
  if (!Array.isArray(output)) return "";
  return output
    .map((part) => (isObject(part) ? (str(part.content) ?? "") : ""))
    .filter((text) => text.length > 0)
    .join("\n");
}

/** The Checklist tool's markdown: `- [x] done`, `- [ ] pending`. */
function checklistTodos(markdown: string): SessionTodo[] {
  const todos: SessionTodo[] = [];
  for (const line of markdown.split("\n")) {
    const match = /^\s*[-*]\s+\[([ xX])\]\s+(.+?)\s*$/.exec(line);
    if (match === null) continue;
    todos.push({ text: match[2] as string, status: match[1] === " " ? "pending" : "completed" });
  }
  return todos;
}
