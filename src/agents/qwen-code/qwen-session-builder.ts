import type {
  CompactionSummary,
  FileTouch,
  ParseWarnings,
  SessionTodo,
  TokenUsage,
  ToolCall,
} from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS } from "../cap-text.ts";
import { FileTouches } from "../file-touches.ts";
import {
  functionCalls,
  functionResponses,
  partsText,
  setToolOutput,
  todosOf,
  toToolCall,
  touchFiles,
} from "../gemini-cli/gemini-parts.ts";
import { isObject, type JsonObject, num, parseRecordLine, str } from "../json-values.ts";
import { MessageWindow } from "../message-window.ts";
import { RecentMap } from "../recent-map.ts";

const KNOWN_TYPES = new Set(["user", "assistant", "tool_result", "system"]);

/**
 * Folds a Qwen Code chat file (`<QWEN_HOME>/projects/<encoded cwd>/chats/<session>.jsonl`)
 * into a Session's parts. Unlike Gemini CLI, which it forked from, Qwen Code writes one
 * record per event, never rewritten: `{uuid, parentUuid, sessionId, timestamp, type, cwd,
 * version, gitBranch, …}` with `type` `user` (a prompt, `message.parts`), `assistant`
 * (`model`, `message.parts` with text and `functionCall`s, `usageMetadata`), `tool_result`
 * (`functionResponse` parts and `toolCallResult {callId, status, resultDisplay}`, a shell
 * result's `resultDisplay.exitCode` included) and `system` (`subtype`: telemetry,
 * attribution, `chat_compression` with the compressed history, …).
 */
export class QwenSessionBuilder {
  readonly window = new MessageWindow();
  readonly warnings: ParseWarnings = {};
  readonly compactions: CompactionSummary[] = [];
  sessionId: string | null = null;
  cwd: string | null = null;
  branch: string | null = null;
  model: string | null = null;
  version: string | null = null;
  title: string | null = null;
  startedAt: string | null = null;
  lastActivityAt: string | null = null;
  todos: SessionTodo[] | null = null;
  usage: TokenUsage | null = null;

  private readonly files = new FileTouches();
  private readonly calls = new RecentMap<string, ToolCall>(1_000);

  addLine(line: string, complete: boolean): void {
    const record = parseRecordLine(line, complete, this.warnings);
    if (record) this.addRecord(record);
  }

  addRecord(record: JsonObject): void {
    const type = str(record.type);
    const at = str(record.timestamp);
    if (type === null || !KNOWN_TYPES.has(type)) {
      addWarning(this.warnings, `unknown record type ${type ?? "(none)"}`);
      return;
    }
    this.sessionId ??= str(record.sessionId);
    this.cwd ??= str(record.cwd);
    this.branch = str(record.gitBranch) ?? this.branch;
    this.version = str(record.version) ?? this.version;
    if (at) {
      this.startedAt ??= at;
      if (this.lastActivityAt === null || at > this.lastActivityAt) this.lastActivityAt = at;
    }
    const message = isObject(record.message) ? record.message : null;
    switch (type) {
      case "user":
        this.addUser(message, at);
        break;
      case "assistant":
        this.addAssistant(record, message, at);
        break;
      case "tool_result":
        this.addResult(record, message);
        break;
      case "system":
        this.addSystem(record, at);
        break;
    }
  }

  private addUser(message: JsonObject | null, at: string | null): void {
    const text = partsText(message?.parts);
    if (text.length === 0) return;
    this.window.push({
      id: null,
      role: "user",
      text: capText(text, MAX_MESSAGE_CHARS),
      toolCalls: [],
      model: null,
      at,
    });
  }

  private addAssistant(record: JsonObject, message: JsonObject | null, at: string | null): void {
    this.model = str(record.model) ?? this.model;
    if (isObject(record.usageMetadata)) this.addUsage(record.usageMetadata);
    const toolCalls: ToolCall[] = [];
    for (const part of functionCalls(message?.parts)) {
      const call = toToolCall(part, at);
      toolCalls.push(call);
      if (call.id) this.calls.set(call.id, call);
      const todos = todosOf(part);
      if (todos) this.todos = todos;
    }
    this.window.push({
      id: str(record.uuid),
      role: "assistant",
      text: capText(partsText(message?.parts), MAX_MESSAGE_CHARS),
      toolCalls,
      model: this.model,
      at,
    });
  }

  private addResult(record: JsonObject, message: JsonObject | null): void {
    const result = isObject(record.toolCallResult) ? record.toolCallResult : {};
    for (const response of functionResponses(message?.parts)) {
      const id = response.id ?? str(result.callId);
      const call = id ? this.calls.get(id) : undefined;
      if (!call) {
        addWarning(this.warnings, "tool result without its call");
        continue;
      }
      const display = isObject(result.resultDisplay) ? result.resultDisplay : {};
      const exitCode = typeof display.exitCode === "number" ? display.exitCode : null;
      setToolOutput(call, response.output, result.status === "error" || response.isError, exitCode);
      touchFiles(this.files, call);
    }
  }

  private addSystem(record: JsonObject, at: string | null): void {
    const payload = isObject(record.systemPayload) ? record.systemPayload : {};
    if (record.subtype === "custom_title") this.title = str(payload.title) ?? this.title;
    if (record.subtype !== "chat_compression") return;
    // The compressed history starts with the summary, as a user message.
    const history = Array.isArray(payload.compressedHistory) ? payload.compressedHistory : [];
    const first = history.find((content) => isObject(content) && content.role === "user");
    const text = isObject(first) ? partsText(first.parts) : "";
    // `manual` (/compress), `token_limit` or `payload_overflow`.
    const trigger = isObject(payload.info) ? str(payload.info.triggerReason) : null;
    this.compactions.push({ text: capText(text, MAX_MESSAGE_CHARS), at, trigger });
  }

  private addUsage(metadata: JsonObject): void {
    const cached = num(metadata.cachedContentTokenCount);
    const usage = this.usage ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
    usage.input += Math.max(0, num(metadata.promptTokenCount) - cached);
    usage.output += num(metadata.candidatesTokenCount);
    usage.cacheRead += cached;
    usage.reasoning += num(metadata.thoughtsTokenCount);
    this.usage = usage;
  }

  fileTouches(): FileTouch[] {
    return this.files.list();
  }
}
