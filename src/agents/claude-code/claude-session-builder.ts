import type {
  FileTouchKind,
  SessionMessage,
  SessionTodo,
  TokenUsage,
  ToolCall,
} from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { isObject, type JsonObject, num, str } from "../json-values.ts";
import { RecentMap } from "../recent-map.ts";
import { RecordSessionBuilder } from "../record-session-builder.ts";
import { toTodoStatus } from "../todo-status.ts";
import { humanText, shellExitCode, toolResultOutput, toolResultText } from "./claude-record.ts";
import { slimClaudeRecord } from "./slim-claude-line.ts";
import { claudeToolCategory, claudeToolPaths } from "./tool-category.ts";

const KNOWN_TYPES = new Set([
  "user",
  "assistant",
  "system",
  "summary",
  "file-history-snapshot",
  "queue-operation",
  "progress",
  "attachment",
  "ai-title",
  "custom-title",
  "last-prompt",
  "permission-mode",
  "mode",
  "agent-name",
  "pr-link",
  "worktree-state",
  "tag",
  // Claude Code 2.1.3xx: request and cost bookkeeping, not read.
  "atis-latch",
  "api-request",
  "api-request-shape",
  "api-request-blob",
  "tools-used",
  "cost-state",
]);

/**
 * Folds Claude Code transcript records, in file order, into the parts of a Session.
 * Used front to back for a whole session; `readTail` uses the same folding on the
 * records of the session's end.
 */
export class ClaudeSessionBuilder extends RecordSessionBuilder {
  permissionMode: string | null = null;
  aiTitle: string | null = null;
  customTitle: string | null = null;
  todoWriteList: SessionTodo[] | null = null;

  private readonly toolCalls = new Map<string, ToolCall>();
  /** Background shells (`run_in_background`), by task id, until TaskOutput reports their end. */
  private readonly background = new Map<string, ToolCall>();
  // One API message is written as several records close together, each repeating its usage.
  private readonly assistantById = new RecentMap<string, SessionMessage>(16);
  private readonly usageById = new RecentMap<string, TokenUsage>(16, (_id, usage) =>
    this.addUsage(usage),
  );
  private usageTotal: TokenUsage | null = null;
  private readonly tasks = new Map<string, SessionTodo>();
  private pendingCompactTrigger: string | null = null;

  override slimRecord(bytes: Buffer, start: number, end: number): JsonObject | null {
    return slimClaudeRecord(bytes, start, end);
  }

  override addRecord(record: JsonObject): void {
    const type = str(record.type);
    if (type === null || !KNOWN_TYPES.has(type))
      addWarning(this.warnings, `unknown record type ${type ?? "(none)"}`);
    this.noteEnvelope(record);
    switch (type) {
      case "user":
        this.addUser(record);
        break;
      case "assistant":
        this.addAssistant(record);
        break;
      case "system":
        if (record.subtype === "compact_boundary") {
          const meta = isObject(record.compactMetadata) ? record.compactMetadata : {};
          this.pendingCompactTrigger = str(meta.trigger) ?? "unknown";
        }
        break;
      case "file-history-snapshot":
        this.addSnapshot(record);
        break;
      case "ai-title":
        this.aiTitle = str(record.aiTitle) ?? this.aiTitle;
        break;
      case "custom-title":
        this.customTitle = str(record.customTitle) ?? this.customTitle;
        break;
      case "summary":
        this.aiTitle ??= str(record.summary);
        break;
    }
  }

  private noteEnvelope(record: JsonObject): void {
    this.sessionId ??= str(record.sessionId);
    const cwd = str(record.cwd);
    if (cwd) this.cwd = cwd;
    const branch = str(record.gitBranch);
    if (branch) this.branch = branch;
    const version = str(record.version);
    if (version) this.version = version;
    const mode = str(record.permissionMode);
    if (mode) this.permissionMode = mode;
    const at = str(record.timestamp);
    this.noteTime(at);
  }

  private addUser(record: JsonObject): void {
    const message = isObject(record.message) ? record.message : null;
    if (record.isCompactSummary === true && message) {
      this.compactions.push({
        text:
          typeof message.content === "string" ? message.content : toolResultText(message.content),
        at: str(record.timestamp),
        trigger: this.pendingCompactTrigger,
      });
      this.pendingCompactTrigger = null;
      return;
    }
    const text = humanText(record);
    if (text !== null) {
      this.window.push({
        id: str(record.uuid),
        role: "user",
        text: capText(text, MAX_MESSAGE_CHARS),
        toolCalls: [],
        model: null,
        at: str(record.timestamp),
      });
      return;
    }
    if (message && Array.isArray(message.content)) {
      for (const block of message.content) {
        if (isObject(block) && block.type === "tool_result") this.addToolResult(block, record);
      }
    }
  }

  private addToolResult(block: JsonObject, record: JsonObject): void {
    const id = str(block.tool_use_id);
    const call = id ? this.toolCalls.get(id) : undefined;
    if (id) this.toolCalls.delete(id);
    if (!call) {
      addWarning(this.warnings, "tool result without its call");
      return;
    }
    const { text, length } = toolResultOutput(block);
    call.isError = block.is_error === true;
    call.output = capText(text, MAX_OUTPUT_CHARS, length);
    call.unfinished = false;
    // Facts are read from the output's kept start, whichever way the line was parsed.
    const output = text.length > MAX_OUTPUT_CHARS ? text.slice(0, MAX_OUTPUT_CHARS) : text;
    const result = isObject(record.toolUseResult) ? record.toolUseResult : null;
    const backgroundId = call.isError ? null : backgroundTaskId(output, result);
    if (call.category === "shell" && backgroundId !== null) {
      // Started, not finished: its exit code arrives with a later TaskOutput/BashOutput.
      call.unfinished = true;
      this.background.set(backgroundId, call);
    } else if (call.category === "shell") call.exitCode = shellExitCode(output, call.isError);
    if (!call.isError && isObject(call.input)) this.noteTaskOutput(call.input, output, result);
    if (call.category === "edit" && !call.isError)
      for (const path of call.paths) this.files.touch(path, "edited", call.at);
    if (call.name === "Write" && !call.isError) {
      const kind: FileTouchKind = result?.type === "create" ? "created" : "written";
      for (const path of call.paths) this.files.touch(path, kind, call.at);
    }
    // A todo change counts only once its tool accepted it (TodoWrite is refused in some modes).
    if (!call.isError && isObject(call.input))
      this.applyTodoCall(call.name, call.input, output, result);
  }

  /** A TaskOutput/BashOutput result that reports a background shell's end finishes its call. */
  private noteTaskOutput(input: JsonObject, output: string, result: JsonObject | null): void {
    const task = isObject(result?.task) ? result.task : null;
    const id =
      str(task?.task_id) ?? str(input.task_id) ?? str(input.bash_id) ?? str(input.shell_id);
    const started = id === null ? undefined : this.background.get(id);
    if (!started || id === null) return;
    const status = str(task?.status) ?? /<status>(\w+)<\/status>/.exec(output)?.[1] ?? null;
    const code =
      typeof task?.exitCode === "number"
        ? task.exitCode
        : Number(/<exit_code>(-?\d+)<\/exit_code>/.exec(output)?.[1] ?? Number.NaN);
    if (status === "running" || status === "pending" || !Number.isInteger(code)) return;
    started.exitCode = code;
    started.isError = code !== 0;
    started.unfinished = false;
    this.background.delete(id);
  }

  private applyTodoCall(
    name: string,
    input: JsonObject,
    output: string,
    result: JsonObject | null,
  ): void {
    if (name === "TodoWrite" && Array.isArray(input.todos))
      this.todoWriteList = parseTodoWrite(input.todos);
    if (name === "TaskCreate") {
      const subject = str(input.subject) ?? str(input.description);
      const task = isObject(result?.task) ? result.task : null;
      const taskId =
        str(task?.id) ?? /Task #(\S+?)\b/.exec(output)?.[1] ?? String(this.tasks.size + 1);
      if (subject) this.tasks.set(taskId, { text: subject, status: "pending" });
    }
    if (name === "TaskUpdate") {
      const taskId = str(input.taskId) ?? str(input.id) ?? str(input.task_id);
      const task = taskId ? this.tasks.get(taskId) : undefined;
      if (!task || !taskId) return;
      const status = str(input.status);
      if (status === "deleted") this.tasks.delete(taskId);
      else task.status = toTodoStatus(status) ?? task.status;
      const subject = str(input.subject);
      if (subject) task.text = subject;
    }
  }

  private addAssistant(record: JsonObject): void {
    const message = isObject(record.message) ? record.message : null;
    if (!message) {
      addWarning(this.warnings, "assistant record without a message");
      return;
    }
    const messageId = str(message.id) ?? str(record.uuid) ?? `anon-${this.window.count}`;
    const model = str(message.model);
    if (model && model !== "<synthetic>") this.model = model;
    if (isObject(message.usage)) {
      const usage = message.usage;
      this.usageById.set(messageId, {
        input: num(usage.input_tokens),
        output: num(usage.output_tokens),
        cacheRead: num(usage.cache_read_input_tokens),
        cacheWrite: num(usage.cache_creation_input_tokens),
        reasoning: 0,
      });
    }
    let target = this.assistantById.get(messageId);
    if (!target) {
      target = {
        id: messageId,
        role: "assistant",
        text: "",
        toolCalls: [],
        model,
        at: str(record.timestamp),
      };
      this.assistantById.set(messageId, target);
      this.window.push(target);
    }
    const content = Array.isArray(message.content) ? message.content : [];
    for (const block of content) {
      if (!isObject(block)) continue;
      if (block.type === "text" && typeof block.text === "string" && block.text.length > 0) {
        target.text = capText(
          target.text ? `${target.text}\n${block.text}` : block.text,
          MAX_MESSAGE_CHARS,
        );
      } else if (block.type === "tool_use") {
        this.addToolUse(block, target, str(record.timestamp));
      }
    }
  }

  private addToolUse(block: JsonObject, target: SessionMessage, at: string | null): void {
    const name = str(block.name) ?? "unknown";
    const input = isObject(block.input) ? block.input : {};
    const category = claudeToolCategory(name);
    const call: ToolCall = {
      id: str(block.id),
      name,
      category,
      input,
      output: null,
      exitCode: null,
      isError: false,
      unfinished: true,
      command: category === "shell" ? str(input.command) : null,
      paths: claudeToolPaths(input),
      at,
    };
    target.toolCalls.push(call);
    if (call.id) this.toolCalls.set(call.id, call);
    if (category === "read") for (const path of call.paths) this.files.touch(path, "read", at);
  }

  private addSnapshot(record: JsonObject): void {
    const snapshot = isObject(record.snapshot) ? record.snapshot : null;
    const backups =
      snapshot && isObject(snapshot.trackedFileBackups) ? snapshot.trackedFileBackups : null;
    if (!backups) return;
    for (const path of Object.keys(backups)) {
      if (!this.files.has(path)) this.files.touch(path, "edited", str(snapshot?.timestamp));
    }
  }

  /** Todos from the task tools when used, else the last TodoWrite list, else null (none kept). */
  todos(): SessionTodo[] | null {
    if (this.tasks.size > 0) return [...this.tasks.values()];
    return this.todoWriteList;
  }

  private addUsage(usage: TokenUsage): void {
    this.usageTotal ??= { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
    const total = this.usageTotal;
    total.input += usage.input;
    total.output += usage.output;
    total.cacheRead += usage.cacheRead;
    total.cacheWrite += usage.cacheWrite;
  }

  /** Usage summed once per API message. */
  usage(): TokenUsage | null {
    const pending = [...this.usageById.values()];
    if (this.usageTotal === null && pending.length === 0) return null;
    const total = {
      ...(this.usageTotal ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 }),
    };
    for (const usage of pending) {
      total.input += usage.input;
      total.output += usage.output;
      total.cacheRead += usage.cacheRead;
      total.cacheWrite += usage.cacheWrite;
    }
    return total;
  }
}

/** The task id of a shell started in the background, from its result. */
function backgroundTaskId(output: string, result: JsonObject | null): string | null {
  return (
    str(result?.backgroundTaskId) ??
    /^Command running in background with ID: ([\w-]+)/.exec(output)?.[1] ??
    null
  );
}

function parseTodoWrite(todos: unknown[]): SessionTodo[] {
  const list: SessionTodo[] = [];
  for (const todo of todos) {
    if (!isObject(todo)) continue;
    const text = str(todo.content) ?? str(todo.subject);
    const status = str(todo.status);
    const known = toTodoStatus(status);
    if (text && known !== null) list.push({ text, status: known });
  }
  return list;
}
