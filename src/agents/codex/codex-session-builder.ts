import type {
  CompactionSummary,
  FileTouch,
  ParseWarnings,
  SessionMessage,
  SessionTodo,
  TokenUsage,
  ToolCall,
} from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { FileTouches } from "../file-touches.ts";
import { isObject, type JsonObject, num, parseRecordLine, str } from "../json-values.ts";
import { MessageWindow } from "../message-window.ts";
import { fullLength } from "../slim-json-line.ts";
import { toTodoStatus } from "../todo-status.ts";
import { codexCommand, codexExitCode, codexToolCategory, patchFiles } from "./codex-tools.ts";
import { slimCodexRecord } from "./slim-codex-line.ts";

const KNOWN_TYPES = new Set([
  "session_meta",
  "response_item",
  "event_msg",
  "turn_context",
  "compacted",
  "world_state",
  "token_usage_record",
]);
const INJECTED_USER_PREFIXES = [
  "# AGENTS.md instructions",
  "<environment_context>",
  "<permissions",
  "<user_instructions>",
  "<INSTRUCTIONS>",
  "<turn_aborted>",
];
/** Folds Codex rollout lines (`{timestamp, type, payload}`), in file order, into a Session's parts. */
export class CodexSessionBuilder {
  readonly window = new MessageWindow();
  readonly warnings: ParseWarnings = {};
  readonly compactions: CompactionSummary[] = [];
  sessionId: string | null = null;
  parentId: string | null = null;
  cwd: string | null = null;
  branch: string | null = null;
  model: string | null = null;
  provider: string | null = null;
  agentMode: string | null = null;
  version: string | null = null;
  startedAt: string | null = null;
  lastActivityAt: string | null = null;
  todos: SessionTodo[] | null = null;
  usage: TokenUsage | null = null;

  private readonly files = new FileTouches();
  private readonly calls = new Map<string, ToolCall>();

  addLine(line: string, complete: boolean): void {
    const record = parseRecordLine(line, complete, this.warnings);
    if (record) this.addRecord(record);
  }

  slimRecord(bytes: Buffer, start: number, end: number): JsonObject | null {
    return slimCodexRecord(bytes, start, end);
  }

  addRecord(record: JsonObject): void {
    const type = str(record.type);
    const payload = isObject(record.payload) ? record.payload : null;
    const at = str(record.timestamp);
    if (at) {
      this.startedAt ??= at;
      if (this.lastActivityAt === null || at > this.lastActivityAt) this.lastActivityAt = at;
    }
    if (type === null || !KNOWN_TYPES.has(type) || payload === null) {
      addWarning(this.warnings, `unknown record type ${type ?? "(none)"}`);
      return;
    }
    switch (type) {
      case "session_meta":
        this.addMeta(payload);
        break;
      case "turn_context":
        this.cwd = str(payload.cwd) ?? this.cwd;
        this.model = str(payload.model) ?? this.model;
        this.agentMode = collaborationMode(payload) ?? this.agentMode;
        break;
      case "response_item":
        this.addItem(payload, at);
        break;
      case "event_msg":
        if (
          payload.type === "token_count" &&
          isObject(payload.info) &&
          isObject(payload.info.total_token_usage)
        ) {
          const total = payload.info.total_token_usage;
          this.usage = {
            input: Math.max(0, num(total.input_tokens) - num(total.cached_input_tokens)),
            output: num(total.output_tokens),
            cacheRead: num(total.cached_input_tokens),
            cacheWrite: 0,
            reasoning: num(total.reasoning_output_tokens),
          };
        }
        break;
      case "compacted":
        this.compactions.push({
          text: withoutSummaryPreamble(str(payload.message) ?? ""),
          at,
          trigger: null,
        });
        break;
    }
  }

  private addMeta(payload: JsonObject): void {
    this.sessionId ??= str(payload.id);
    this.cwd ??= str(payload.cwd);
    this.version = str(payload.cli_version) ?? this.version;
    this.provider = str(payload.model_provider) ?? this.provider;
    if (isObject(payload.git)) this.branch = str(payload.git.branch) ?? this.branch;
    const source = payload.source;
    if (isObject(source) && isObject(source.subagent) && isObject(source.subagent.thread_spawn)) {
      this.parentId = str(source.subagent.thread_spawn.parent_thread_id);
    }
    this.parentId ??= str(payload.forked_from_id);
  }

  private addItem(item: JsonObject, at: string | null): void {
    switch (item.type) {
      case "message":
        this.addMessage(item, at);
        break;
      case "function_call":
      case "custom_tool_call":
      case "local_shell_call":
      case "web_search_call":
        this.addCall(item, at);
        break;
      case "function_call_output":
      case "custom_tool_call_output":
        this.addOutput(item);
        break;
    }
  }

  private addMessage(item: JsonObject, at: string | null): void {
    const message = codexMessage(item);
    if (message === null) return;
    const { role, text } = message;
    if (role === "user") {
      this.window.push({
        id: null,
        role,
        text: capText(text, MAX_MESSAGE_CHARS),
        toolCalls: [],
        model: null,
        at,
      });
      return;
    }
    const last = this.window.last();
    if (last && last.role === "assistant" && last.text.length === 0) {
      last.text = capText(text, MAX_MESSAGE_CHARS);
      return;
    }
    this.window.push({
      id: null,
      role,
      text: capText(text, MAX_MESSAGE_CHARS),
      toolCalls: [],
      model: this.model,
      at,
    });
  }

  /** Codex tool calls are items of their own; they join the assistant message of their turn. */
  private assistantForCalls(at: string | null): SessionMessage {
    const last = this.window.last();
    if (last && last.role === "assistant" && last.text.length === 0) return last;
    const message: SessionMessage = {
      id: null,
      role: "assistant",
      text: "",
      toolCalls: [],
      model: this.model,
      at,
    };
    this.window.push(message);
    return message;
  }

  private addCall(item: JsonObject, at: string | null): void {
    const type = str(item.type);
    const name =
      type === "local_shell_call" || type === "web_search_call"
        ? type
        : (str(item.name) ?? "unknown");
    let input: JsonObject = {};
    if (typeof item.arguments === "string") {
      try {
        const parsed = JSON.parse(item.arguments) as unknown;
        if (isObject(parsed)) input = parsed;
      } catch {
        addWarning(this.warnings, "tool call with unparseable arguments");
      }
    } else if (typeof item.input === "string") {
      input = { input: item.input };
    } else if (isObject(item.action)) {
      input = item.action;
    }
    const category = codexToolCategory(name);
    const call: ToolCall = {
      id: str(item.call_id),
      name,
      category,
      input,
      output: null,
      exitCode: null,
      isError: false,
      command: category === "shell" ? codexCommand(input) : null,
      paths: [],
      at,
    };
    if (name === "apply_patch") {
      const patch = str(input.input) ?? str(input.patch) ?? "";
      for (const file of patchFiles(patch)) {
        call.paths.push(file.path);
        this.files.touch(file.path, file.kind, at);
      }
    }
    if (name === "update_plan" && Array.isArray(input.plan)) this.todos = parsePlan(input.plan);
    this.assistantForCalls(at).toolCalls.push(call);
    if (call.id) this.calls.set(call.id, call);
  }

  private addOutput(item: JsonObject): void {
    const id = str(item.call_id);
    const call = id ? this.calls.get(id) : undefined;
    if (id) this.calls.delete(id);
    if (!call) {
      addWarning(this.warnings, "tool result without its call");
      return;
    }
    const raw = item.output;
    let output = "";
    let length = 0;
    let success: boolean | null = null;
    if (typeof raw === "string") {
      output = raw;
      length = fullLength(item, raw);
    } else if (isObject(raw)) {
      output = str(raw.content) ?? JSON.stringify(raw.content ?? "");
      length = typeof raw.content === "string" ? fullLength(raw, output) : output.length;
      if (typeof raw.success === "boolean") success = raw.success;
    }
    call.output = capText(output, MAX_OUTPUT_CHARS, length);
    // The exit code is read from the output's kept start, whichever way the line was
    // parsed; a JSON envelope, which keeps it at its end, is never cut.
    const head =
      output.length > MAX_OUTPUT_CHARS && !output.startsWith("{")
        ? output.slice(0, MAX_OUTPUT_CHARS)
        : output;
    if (call.category === "shell") call.exitCode = codexExitCode(head);
    call.isError = success === false || (call.exitCode !== null && call.exitCode !== 0);
  }

  fileTouches(): FileTouch[] {
    return this.files.list();
  }
}

function collaborationMode(payload: JsonObject): string | null {
  const mode = payload.collaboration_mode;
  if (typeof mode === "string") return mode;
  if (isObject(mode)) return str(mode.mode) ?? str(mode.name);
  return null;
}

function parsePlan(plan: unknown[]): SessionTodo[] {
  const todos: SessionTodo[] = [];
  for (const step of plan) {
    if (!isObject(step)) continue;
    const text = str(step.step);
    const status = str(step.status);
    const known = toTodoStatus(status);
    if (text && known !== null) todos.push({ text, status: known });
  }
  return todos;
}

/**
 * Codex stores its compaction summary behind a fixed preamble addressed to the model that
 * continues ("Another language model started to solve this problem … analysis:"); the
 * summary is what follows it.
 */
function withoutSummaryPreamble(text: string): string {
  return text.replace(
    /^\s*Another language model started to solve this problem[\s\S]*?to assist with your own analysis:\s*/,
    "",
  );
}

/**
 * A `message` item as a Session message: a user's or the assistant's text, or null for
 * other roles and for the instruction blocks Codex injects as user messages.
 */
export function codexMessage(
  item: JsonObject,
): { role: "user" | "assistant"; text: string } | null {
  const role = str(item.role);
  if (role !== "user" && role !== "assistant") return null;
  const content = Array.isArray(item.content) ? item.content : [];
  const texts: string[] = [];
  for (const block of content) {
    if (isObject(block) && typeof block.text === "string") texts.push(block.text);
  }
  const text = texts.join("\n").trim();
  if (
    role === "user" &&
    (text.length === 0 || INJECTED_USER_PREFIXES.some((prefix) => text.startsWith(prefix)))
  ) {
    return null;
  }
  return { role, text };
}
