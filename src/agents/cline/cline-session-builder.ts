import type {
  FileTouch,
  FileTouchKind,
  ParseWarnings,
  TokenUsage,
  ToolCall,
  ToolCategory,
} from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { patchFiles } from "../codex/codex-tools.ts";
import { FileTouches } from "../file-touches.ts";
import { isObject, type JsonObject, num, str } from "../json-values.ts";
import { MessageWindow } from "../message-window.ts";
import type { DocumentFolder } from "../pretty-json-document.ts";
import { RecentMap } from "../recent-map.ts";

const CATEGORIES: Record<string, ToolCategory> = {
  run_commands: "shell",
  read_files: "read",
  apply_patch: "edit",
  editor: "edit",
  search_codebase: "search",
  fetch_web_content: "fetch",
  spawn_agent: "task",
};

/** Content blocks that never show as a message. */
const QUIET_BLOCKS = new Set(["thinking", "redacted_thinking", "image", "file"]);

/**
 * Folds a Cline CLI conversation (`<data>/sessions/<id>/<id>.messages.json`, one JSON
 * document rewritten as the session goes, its `system_prompt` after the messages) into a
 * Session's parts. Messages are Anthropic-style: `{id, role, content, ts, modelInfo,
 * metrics}` whose content blocks are `text`, `tool_use {id, name, input}` and, in the user
 * message that follows, `tool_result {tool_use_id, content}` with content a list of `{query,
 * result, error, success}` (one per command or file) or a JSON string of one. The prompt
 * arrives wrapped in `<user_input mode="act">`. A shell result says `[Command exited with
 * code N]` when N is not 0.
 */
export class ClineSessionBuilder implements DocumentFolder {
  readonly window = new MessageWindow();
  readonly warnings: ParseWarnings = {};
  sessionId: string | null = null;
  model: string | null = null;
  startedAt: string | null = null;
  lastActivityAt: string | null = null;
  usage: TokenUsage | null = null;
  private readonly files = new FileTouches();
  private readonly calls = new RecentMap<string, ToolCall>(1_000);

  addField(key: string, value: unknown): void {
    if (key === "sessionId") this.sessionId = str(value);
    else if (key === "updated_at") this.noteTime(str(value));
  }

  addRecord(message: JsonObject): void {
    const at = typeof message.ts === "number" ? new Date(message.ts).toISOString() : null;
    this.noteTime(at);
    const blocks = Array.isArray(message.content)
      ? message.content.filter(isObject)
      : typeof message.content === "string"
        ? [{ type: "text", text: message.content }]
        : [];
    if (message.role === "user") this.addUser(blocks, at);
    else if (message.role === "assistant") this.addAssistant(message, blocks, at);
    else addWarning(this.warnings, `unknown message role ${str(message.role) ?? "(none)"}`);
  }

  private addUser(blocks: JsonObject[], at: string | null): void {
    const texts: string[] = [];
    for (const block of blocks) {
      if (block.type === "text" && typeof block.text === "string") texts.push(block.text);
      else if (block.type === "tool_result") this.addResult(block);
      else this.countBlock(block);
    }
    const text = promptText(texts.join("\n"));
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

  private addAssistant(message: JsonObject, blocks: JsonObject[], at: string | null): void {
    const info = isObject(message.modelInfo) ? message.modelInfo : null;
    this.model = str(info?.id) ?? this.model;
    if (isObject(message.metrics)) this.addUsage(message.metrics);
    const texts: string[] = [];
    const toolCalls: ToolCall[] = [];
    for (const block of blocks) {
      if (block.type === "text" && typeof block.text === "string") texts.push(block.text);
      else if (block.type === "tool_use") toolCalls.push(this.toToolCall(block, at));
      else this.countBlock(block);
    }
    this.window.push({
      id: str(message.id),
      role: "assistant",
      text: capText(texts.join("\n").trim(), MAX_MESSAGE_CHARS),
      toolCalls,
      model: this.model,
      at,
    });
  }

  private toToolCall(block: JsonObject, at: string | null): ToolCall {
    const name = str(block.name) ?? "unknown";
    const input = isObject(block.input) ? block.input : {};
    const category = CATEGORIES[name] ?? "other";
    const commands = Array.isArray(input.commands) ? input.commands.filter(isString) : [];
    const call: ToolCall = {
      id: str(block.id),
      name,
      category,
      input,
      output: null,
      exitCode: null,
      isError: false,
      command: category === "shell" ? commands.join("\n") || null : null,
      paths: pathsOf(name, input).map((file) => file.path),
      at,
    };
    if (call.id !== null) this.calls.set(call.id, call);
    return call;
  }

  private addResult(block: JsonObject): void {
    const id = str(block.tool_use_id);
    const call = id === null ? undefined : this.calls.get(id);
    if (call === undefined) {
      addWarning(this.warnings, "tool result without its call");
      return;
    }
    const results = resultEntries(block.content);
    const output = results.map((entry) => str(entry.result) ?? str(entry.error) ?? "").join("\n");
    call.output = capText(output, MAX_OUTPUT_CHARS);
    call.isError = results.some((entry) => entry.success === false) || block.is_error === true;
    if (call.category === "shell") {
      const codes = results.map((entry) => {
        const printed = /\[Command exited with code (-?\d+)\]/.exec(
          `${str(entry.result) ?? ""}\n${str(entry.error) ?? ""}`,
        );
        return printed ? Number(printed[1]) : entry.success === true ? 0 : null;
      });
      call.exitCode = codes.find((code) => code !== 0) ?? (codes.length > 0 ? 0 : null);
    }
    if (call.isError) return;
    for (const file of pathsOf(call.name, isObject(call.input) ? call.input : {}))
      this.files.touch(file.path, file.kind, call.at);
  }

  private countBlock(block: JsonObject): void {
    const type = str(block.type) ?? "(none)";
    if (!QUIET_BLOCKS.has(type)) addWarning(this.warnings, `unknown content block ${type}`);
  }

  private addUsage(metrics: JsonObject): void {
    const usage = this.usage ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
    usage.input += num(metrics.inputTokens);
    usage.output += num(metrics.outputTokens);
    usage.cacheRead += num(metrics.cacheReadTokens);
    usage.cacheWrite += num(metrics.cacheWriteTokens);
    this.usage = usage;
  }

  private noteTime(at: string | null): void {
    if (!at) return;
    this.startedAt ??= at;
    if (this.lastActivityAt === null || at > this.lastActivityAt) this.lastActivityAt = at;
  }

  fileTouches(): FileTouch[] {
    return this.files.list();
  }
}

const isString = (value: unknown): value is string => typeof value === "string";

/** The prompt without the `<user_input mode="…">` wrapper Cline puts around it. */
export function promptText(text: string): string {
  const match = /^\s*<user_input(?:\s[^>]*)?>([\s\S]*)<\/user_input>\s*$/.exec(text);
  return (match ? (match[1] as string) : text).trim();
}

function pathsOf(name: string, input: JsonObject): { path: string; kind: FileTouchKind }[] {
  if (name === "read_files" && Array.isArray(input.files))
    return input.files
      .map((file) => (isObject(file) ? str(file.path) : isString(file) ? file : null))
      .filter((path): path is string => path !== null)
      .map((path) => ({ path, kind: "read" as const }));
  if (name === "apply_patch" && typeof input.input === "string") return patchFiles(input.input);
  if (name === "editor" && typeof input.path === "string")
    return [{ path: input.path, kind: input.command === "create" ? "created" : "edited" }];
  return [];
}

/** A tool result's entries: a list of `{query, result, error, success}`, or a JSON string of one. */
function resultEntries(content: unknown): JsonObject[] {
  if (Array.isArray(content)) return content.filter(isObject);
  if (typeof content !== "string") return [];
  try {
    const parsed = JSON.parse(content) as unknown;
    if (Array.isArray(parsed)) return parsed.filter(isObject);
    if (isObject(parsed)) return [parsed];
  } catch {
    // Plain text: the result itself.
  }
  return [{ result: content }];
}
