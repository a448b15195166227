import type {
  CompactionSummary,
  FileTouch,
  ParseWarnings,
  SessionMessage,
  TokenUsage,
  ToolCall,
} from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { FileTouches } from "../file-touches.ts";
import { isObject, type JsonObject, num, parseRecordLine, str } from "../json-values.ts";
import { MessageWindow } from "../message-window.ts";
import { RecentMap } from "../recent-map.ts";
import type { Branch } from "./pi-branch.ts";
import { PI_FILE_KINDS, piExitCode, piToolCategory } from "./pi-tools.ts";

const KNOWN_TYPES = new Set([
  "session",
  "message",
  "model_change",
  "thinking_level_change",
  "compaction",
  "branch_summary",
  "context_edit",
  "custom",
  "custom_message",
  "label",
  "session_info",
  "usage",
]);
/** Message roles that are not the conversation's text: the prompt, extension and shell records. */
const OTHER_ROLES = new Set([
  "system",
  "custom",
  "bashExecution",
  "branchSummary",
  "compactionSummary",
]);

/**
 * Folds the entries of a Pi session file (`{type, id, parentId, timestamp, …}`) in file
 * order. With `branch` set, only the entries on that path count: the others belong to
 * branches the session has left.
 */
export class PiSessionBuilder {
  readonly window = new MessageWindow();
  readonly warnings: ParseWarnings = {};
  readonly compactions: CompactionSummary[] = [];
  sessionId: string | null = null;
  parentSession: string | null = null;
  cwd: string | null = null;
  title: string | null = null;
  model: string | null = null;
  provider: string | null = null;
  startedAt: string | null = null;
  lastActivityAt: string | null = null;
  usage: TokenUsage | null = null;

  private readonly files = new FileTouches();
  private readonly calls = new RecentMap<string, ToolCall>(500);
  private readonly branch: Branch | null;

  constructor(branch: Branch | null = null) {
    this.branch = branch;
  }

  addLine(line: string, complete: boolean): void {
    const record = parseRecordLine(line, complete, this.warnings);
    if (record) this.addRecord(record);
  }

  addRecord(record: JsonObject): void {
    const type = str(record.type);
    if (type === null || !KNOWN_TYPES.has(type)) {
      addWarning(this.warnings, `unknown record type ${type ?? "(none)"}`);
      return;
    }
    if (type === "session") {
      this.sessionId ??= str(record.id);
      this.cwd ??= str(record.cwd);
      this.startedAt ??= str(record.timestamp);
      this.parentSession ??= str(record.parentSession);
      return;
    }
    const id = str(record.id);
    if (this.branch !== null && (id === null || !this.branch.has(id))) return;
    const at = str(record.timestamp);
    if (at) {
      this.startedAt ??= at;
      if (this.lastActivityAt === null || at > this.lastActivityAt) this.lastActivityAt = at;
    }
    switch (type) {
      case "message":
        if (isObject(record.message)) this.addMessage(record.message, id, at);
        else addWarning(this.warnings, "message entry without a message");
        break;
      case "model_change":
        this.model = str(record.modelId) ?? this.model;
        this.provider = str(record.provider) ?? this.provider;
        break;
      case "compaction": {
        const summary = str(record.summary);
        if (summary)
          this.compactions.push({
            text: summary,
            at,
            trigger: record.fromHook === true ? "extension" : null,
          });
        if (isObject(record.usage)) this.addUsage(record.usage);
        break;
      }
      case "usage":
        if (isObject(record.usage)) this.addUsage(record.usage);
        break;
      case "session_info":
        this.title = str(record.name) ?? this.title;
        break;
    }
  }

  private addMessage(message: JsonObject, id: string | null, at: string | null): void {
    const role = str(message.role);
    if (role === "user") {
      const text = textOf(message.content);
      if (text.length > 0)
        this.window.push({
          id,
          role: "user",
          text: capText(text, MAX_MESSAGE_CHARS),
          toolCalls: [],
          model: null,
          at,
        });
      return;
    }
    if (role === "assistant") {
      this.addAssistant(message, id, at);
      return;
    }
    if (role === "toolResult") {
      this.addResult(message, at);
      return;
    }
    if (role === null || !OTHER_ROLES.has(role)) addWarning(this.warnings, `unknown role ${role}`);
  }

  private addAssistant(message: JsonObject, id: string | null, at: string | null): void {
    this.model = str(message.model) ?? this.model;
    this.provider = str(message.provider) ?? this.provider;
    if (isObject(message.usage)) this.addUsage(message.usage);
    const blocks = Array.isArray(message.content) ? message.content.filter(isObject) : [];
    const text = blocks
      .filter((block) => block.type === "text")
      .map((block) => str(block.text) ?? "")
      .join("\n")
      .trim();
    const calls = blocks
      .filter((block) => block.type === "toolCall")
      .map((block) => this.toolCall(block, at));
    if (text.length === 0 && calls.length === 0) return;
    const last = this.window.last();
    if (text.length === 0 && last?.role === "assistant") {
      last.toolCalls.push(...calls);
      return;
    }
    const entry: SessionMessage = {
      id,
      role: "assistant",
      text: capText(text, MAX_MESSAGE_CHARS),
      toolCalls: calls,
      model: str(message.model) ?? this.model,
      at,
    };
    this.window.push(entry);
  }

  private toolCall(block: JsonObject, at: string | null): ToolCall {
    const name = str(block.name) ?? "unknown";
    const input = isObject(block.arguments) ? block.arguments : {};
    const category = piToolCategory(name);
    const path = str(input.path);
    const call: ToolCall = {
      id: str(block.id),
      name,
      category,
      input,
      output: null,
      exitCode: null,
      isError: false,
      command: category === "shell" ? str(input.command) : null,
      paths: path && name in PI_FILE_KINDS ? [path] : [],
      at,
    };
    if (call.id) this.calls.set(call.id, call);
    return call;
  }

  private addResult(message: JsonObject, at: string | null): void {
    const id = str(message.toolCallId);
    const call = id ? this.calls.get(id) : undefined;
    if (id) this.calls.delete(id);
    if (!call) {
      addWarning(this.warnings, "tool result without its call");
      return;
    }
    const output = textOf(message.content);
    const isError = message.isError === true;
    call.output = capText(output, MAX_OUTPUT_CHARS);
    if (call.category === "shell") call.exitCode = piExitCode(output, isError);
    call.isError = isError || (call.exitCode !== null && call.exitCode !== 0);
    const kind = PI_FILE_KINDS[call.name];
    const path = call.paths[0];
    if (call.isError || !kind || !path) return;
    // Pi's write result does not say whether the file existed. One written whole before the
    // session read or edited it is taken as new (git's status, when there is a repository,
    // has the last word in the handoff).
    this.files.touch(path, kind === "written" && !this.files.has(path) ? "created" : kind, at);
  }

  private addUsage(usage: JsonObject): void {
    const total = this.usage ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
    total.input += num(usage.input);
    total.output += num(usage.output);
    total.cacheRead += num(usage.cacheRead);
    total.cacheWrite += num(usage.cacheWrite);
    this.usage = total;
  }

  fileTouches(): FileTouch[] {
    return this.files.list();
  }
}

/** A user message's or tool result's content: a string, or text blocks (images skipped). */
function textOf(content: unknown): string {
  if (typeof content === "string") return content.trim();
  if (!Array.isArray(content)) return "";
  return content
    .filter(isObject)
    .filter((block) => block.type === "text")
    .map((block) => str(block.text) ?? "")
    .join("\n")
    .trim();
}
