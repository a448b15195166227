import type {
  CompactionSummary,
  FileTouch,
  ParseWarnings,
  SubagentRef,
  TokenUsage,
  ToolCall,
} from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { FileTouches } from "../file-touches.ts";
import { isObject, type JsonObject, num, parseRecordLine, str } from "../json-values.ts";
import { MessageWindow } from "../message-window.ts";
import { RecentMap } from "../recent-map.ts";
import { copilotExitCode, copilotToolCategory, fileEditKind } from "./copilot-tools.ts";
import { slimCopilotRecord } from "./slim-copilot-line.ts";

/**
 * The namespaces of Copilot's session events (`session-events.schema.json`, shipped with
 * the CLI): an event in one of them that this reader does not use is expected, not
 * unknown. Events of any other namespace are counted.
 */
const KNOWN_NAMESPACES = new Set([
  "session",
  "user",
  "assistant",
  "tool",
  "hook",
  "system",
  "model",
  "subagent",
  "skill",
  "permission",
  "mcp",
  "mcp_app",
  "elicitation",
  "sampling",
  "command",
  "commands",
  "capabilities",
  "exit_plan_mode",
  "external_tool",
  "auto_mode_switch",
  "session_limits_exhausted",
  "user_input",
  "workflow",
  "tool_search",
  "ui",
  "pending_messages",
  "human_response",
  "abort",
  "agent",
  "sandbox",
]);

/** Folds Copilot CLI `events.jsonl` lines (`{type, data, id, timestamp, parentId}`) in file order. */
export class CopilotSessionBuilder {
  readonly window = new MessageWindow();
  readonly warnings: ParseWarnings = {};
  readonly compactions: CompactionSummary[] = [];
  readonly subagents: SubagentRef[] = [];
  sessionId: string | null = null;
  cwd: string | null = null;
  branch: string | null = null;
  model: string | null = null;
  provider: string | null = null;
  agentMode: string | null = null;
  version: string | null = null;
  startedAt: string | null = null;
  lastActivityAt: string | null = null;
  usage: TokenUsage | null = null;

  private readonly files = new FileTouches();
  private readonly calls = new RecentMap<string, ToolCall>(500);

  addLine(line: string, complete: boolean): void {
    const record = parseRecordLine(line, complete, this.warnings);
    if (record) this.addRecord(record);
  }

  slimRecord(bytes: Buffer, start: number, end: number): JsonObject | null {
    return slimCopilotRecord(bytes, start, end);
  }

  addRecord(record: JsonObject): void {
    const type = str(record.type);
    const data = isObject(record.data) ? record.data : null;
    const at = str(record.timestamp);
    if (at) {
      this.startedAt ??= at;
      if (this.lastActivityAt === null || at > this.lastActivityAt) this.lastActivityAt = at;
    }
    const namespace = type?.split(".")[0] ?? "";
    if (type === null || data === null || !KNOWN_NAMESPACES.has(namespace)) {
      addWarning(this.warnings, `unknown record type ${type ?? "(none)"}`);
      return;
    }
    // A sub-agent's own turns belong to its task, not to the conversation.
    if (str(record.agentId) !== null) return;
    switch (type) {
      case "session.start":
        this.sessionId ??= str(data.sessionId);
        this.version = str(data.copilotVersion) ?? this.version;
        this.model = str(data.selectedModel) ?? this.model;
        this.startedAt = str(data.startTime) ?? this.startedAt;
        this.addContext(data.context);
        break;
      case "session.resume":
        this.model = str(data.selectedModel) ?? this.model;
        this.addContext(data.context);
        break;
      case "session.context_changed":
        this.addContext(data);
        break;
      case "session.model_change":
        this.model = str(data.newModel) ?? this.model;
        this.provider = str(data.providerId) ?? this.provider;
        break;
      case "session.mode_changed":
        this.agentMode = str(data.newMode) ?? this.agentMode;
        break;
      case "user.message":
        this.addUser(data, at);
        break;
      case "assistant.message":
        this.addAssistant(data, at);
        break;
      case "tool.execution_complete":
        this.addResult(data, at);
        break;
      case "session.usage_record":
        if (isObject(data.usage)) this.addUsage(data.usage);
        break;
      case "session.compaction_complete":
        this.addCompaction(data, at);
        break;
      case "subagent.started":
        this.subagents.push({
          id: str(data.toolCallId) ?? str(data.agentName) ?? "subagent",
          description: str(data.agentDescription) ?? str(data.agentDisplayName),
          path: null,
        });
        break;
    }
  }

  private addContext(context: unknown): void {
    if (!isObject(context)) return;
    this.cwd = str(context.cwd) ?? this.cwd;
    this.branch = str(context.branch) ?? this.branch;
  }

  private addUser(data: JsonObject, at: string | null): void {
    // `content` is what the person typed; `transformedContent` adds Copilot's reminders.
    this.agentMode = str(data.agentMode) ?? this.agentMode;
    const text = (str(data.content) ?? "").trim();
    if (text.length === 0) return;
    this.window.push({
      id: str(data.messageId),
      role: "user",
      text: capText(text, MAX_MESSAGE_CHARS),
      toolCalls: [],
      model: null,
      at,
    });
  }

  private addAssistant(data: JsonObject, at: string | null): void {
    const text = (str(data.content) ?? "").trim();
    const model = str(data.model) ?? this.model;
    const requests = Array.isArray(data.toolRequests) ? data.toolRequests : [];
    const calls = requests.filter(isObject).map((request) => this.toolCall(request, at));
    const last = this.window.last();
    // A turn that only calls tools continues the assistant message before it.
    if (text.length === 0 && last?.role === "assistant") {
      last.toolCalls.push(...calls);
      return;
    }
    if (text.length === 0 && calls.length === 0) return;
    this.window.push({
      id: str(data.messageId),
      role: "assistant",
      text: capText(text, MAX_MESSAGE_CHARS),
      toolCalls: calls,
      model,
      at,
    });
  }

  private toolCall(request: JsonObject, at: string | null): ToolCall {
    const name = str(request.name) ?? "unknown";
    const input = isObject(request.arguments) ? request.arguments : {};
    const category = copilotToolCategory(name, input);
    const path = str(input.path);
    const call: ToolCall = {
      id: str(request.toolCallId),
      name,
      category,
      input,
      output: null,
      exitCode: null,
      isError: false,
      command: category === "shell" ? str(input.command) : null,
      paths: path ? [path] : [],
      at,
    };
    if (call.id) this.calls.set(call.id, call);
    return call;
  }

  private addResult(data: JsonObject, at: string | null): void {
    const id = str(data.toolCallId);
    const call = id ? this.calls.get(id) : undefined;
    if (id) this.calls.delete(id);
    if (!call) {
      // A sub-agent's tool calls are answered here too, under its parent's call.
      if (str(data.parentToolCallId) === null)
        addWarning(this.warnings, "tool result without its call");
      return;
    }
    const result = isObject(data.result) ? data.result : null;
    const error = isObject(data.error) ? str(data.error.message) : null;
    const output = str(result?.content) ?? error ?? "";
    call.output = capText(output, MAX_OUTPUT_CHARS);
    if (call.category === "shell") {
      const shell = isObject(data.shellExecution) ? data.shellExecution : null;
      call.exitCode =
        shell && typeof shell.exitCode === "number" ? shell.exitCode : copilotExitCode(output);
    }
    call.isError = data.success === false || (call.exitCode !== null && call.exitCode !== 0);
    if (call.isError && call.category !== "shell") return;
    const edits = Array.isArray(data.fileEdits) ? data.fileEdits.filter(isObject) : [];
    for (const edit of edits) {
      const path = str(edit.path);
      if (path) this.files.touch(path, fileEditKind(str(edit.kind)), at);
    }
    if (edits.length === 0 && call.category === "read" && call.paths[0])
      this.files.touch(call.paths[0], "read", at);
  }

  private addUsage(usage: JsonObject): void {
    const total = this.usage ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
    total.input += num(usage.inputTokens);
    total.output += num(usage.outputTokens);
    total.cacheRead += num(usage.cacheReadTokens);
    total.cacheWrite += num(usage.cacheWriteTokens);
    total.reasoning += num(usage.reasoningTokens);
    this.usage = total;
  }

  private addCompaction(data: JsonObject, at: string | null): void {
    const summary = str(data.summaryContent);
    if (data.success !== true || summary === null) return;
    this.compactions.push({ text: summaryBody(summary), at, trigger: str(data.trigger) });
  }

  fileTouches(): FileTouch[] {
    return this.files.list();
  }
}

/**
 * Copilot's compaction summary is the model's answer as written: with Anthropic models an
 * `<analysis>` scratchpad and the `<summary>` itself. The summary is what the next model reads.
 */
function summaryBody(text: string): string {
  const summary = /<summary>([\s\S]*?)<\/summary>/.exec(text)?.[1];
  return (summary ?? text.replace(/<analysis>[\s\S]*?<\/analysis>/, "")).trim();
}
