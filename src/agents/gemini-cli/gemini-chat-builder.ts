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
import { capText, MAX_MESSAGE_CHARS } from "../cap-text.ts";
import { FileTouches } from "../file-touches.ts";
import { isObject, type JsonObject, num, parseRecordLine, str } from "../json-values.ts";
import { DEFAULT_MESSAGE_WINDOW, MessageWindow } from "../message-window.ts";
import { RecentMap } from "../recent-map.ts";
import {
  functionCalls,
  functionResponses,
  isToolResultContent,
  partsText,
  setToolOutput,
  todosOf,
  toToolCall,
  touchFiles,
} from "./gemini-parts.ts";

/** Gemini CLI puts the workspace it sees in front of the conversation as a user message. */
const INJECTED_PREFIXES = ["<session_context>"];
/** After compressing, the history starts with the model's snapshot as a user message. */
const SNAPSHOT_MARKER = "<state_snapshot>";
/** What a SessionStart or BeforeAgent hook's `additionalContext` becomes in the prompt. */
const HOOK_CONTEXT = /<hook_context>[\s\S]*?<\/hook_context>/g;
const SNAPSHOT_ACKNOWLEDGEMENT = "Got it. Thanks for the additional context!";
/** Message types Gemini CLI records besides the conversation: notices shown in its UI. */
const NOTICE_TYPES = new Set(["info", "error", "warning"]);

/**
 * Folds a Gemini CLI chat file into a Session's parts. The file is append-only JSONL
 * (0.40.0, 0.57.0 and 0.61.0 checked) of four kinds of record:
 * - the metadata (`{sessionId, projectHash, startTime, lastUpdated, kind}`), written again
 *   on every resume;
 * - a message (`{id, timestamp, type: "user"|"gemini"|…, content, toolCalls?, tokens?,
 *   model?}`), written again whole each time it changes (tool calls and their results
 *   join the model's message), so a later record replaces the one with its id;
 * - `{"$set": {…}}` metadata updates, whose `messages`, when present, restate the whole
 *   conversation as the model now sees it (on resume, after a rollback or a compression; in
 *   the API's form, tool results in user messages of their own). Gemini CLI replaces its
 *   conversation with them; baton keeps what it read and adds what is new, so the turns
 *   before a compression stay and its `<state_snapshot>` becomes a compaction;
 * - `{"$rewindTo": id}`: that message and all after it are gone.
 * Reading only the `$set` batches would lose every turn recorded after them. In older
 * versions the file was one JSON document with the metadata and a `messages` array; the
 * reader feeds it here as the same records.
 *
 * Messages stay in a map by id until nothing can change them any more; only the newest
 * are kept there, older ones move to the window, so memory stays flat.
 */
export class GeminiChatBuilder {
  readonly warnings: ParseWarnings = {};
  readonly compactions: CompactionSummary[] = [];
  sessionId: string | null = null;
  startedAt: string | null = null;
  lastActivityAt: string | null = null;
  model: string | null = null;
  title: string | null = null;
  todos: SessionTodo[] | null = null;
  firstUser: SessionMessage | null = null;

  private readonly messages: MessageWindow;
  private readonly pending = new Map<string, SessionMessage>();
  private readonly calls = new RecentMap<string, ToolCall>(1_000);
  private readonly files = new FileTouches();
  /** Calls whose files were counted, so a conversation replayed by `$set` is not counted twice. */
  private readonly touched = new Set<string>();
  private readonly snapshots = new Set<string>();
  private readonly tokens = new Map<string, TokenUsage>();
  /** When each message was first written. */
  private readonly times = new RecentMap<string, string>(DEFAULT_MESSAGE_WINDOW * 2);
  /** Every message id read, so a restatement adds only what is new. */
  private readonly known = new Set<string>();
  /** After a snapshot Gemini CLI records the model's canned acknowledgement of it. */
  private afterSnapshot = false;
  private readonly limit: number;

  constructor(limit = DEFAULT_MESSAGE_WINDOW) {
    this.limit = limit;
    this.messages = new MessageWindow(limit);
  }

  /** The conversation so far; call `finish()` first for the newest messages. */
  get window(): MessageWindow {
    return this.messages;
  }

  addLine(line: string, complete: boolean): void {
    const record = parseRecordLine(line, complete, this.warnings);
    if (record) this.addRecord(record);
  }

  addRecord(record: JsonObject): void {
    if (typeof record.$rewindTo === "string") {
      this.rewind(record.$rewindTo);
      return;
    }
    if (isObject(record.$set)) {
      this.addUpdate(record.$set);
      return;
    }
    if (typeof record.id === "string") {
      this.addMessage(record);
      return;
    }
    if (typeof record.sessionId === "string") {
      this.addMetadata(record);
      return;
    }
    addWarning(this.warnings, "unknown record");
  }

  /** Moves every message still open to the window; call once all records are in. */
  finish(): this {
    for (const message of this.pending.values()) this.commit(message);
    this.pending.clear();
    return this;
  }

  get usage(): TokenUsage | null {
    if (this.tokens.size === 0) return null;
    const total: TokenUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
    for (const usage of this.tokens.values()) {
      total.input += usage.input;
      total.output += usage.output;
      total.cacheRead += usage.cacheRead;
      total.reasoning += usage.reasoning;
    }
    return total;
  }

  fileTouches(): FileTouch[] {
    return this.files.list();
  }

  private addMetadata(record: JsonObject): void {
    // Written again on every resume, with the resume's time as its startTime.
    this.sessionId ??= str(record.sessionId);
    this.startedAt ??= str(record.startTime);
    this.noteTime(str(record.lastUpdated));
    this.title = str(record.summary) ?? this.title;
    // A file of an older version is one document: its messages come with the metadata.
    if (Array.isArray(record.messages)) this.mergeAll(record.messages);
  }

  private addUpdate(update: JsonObject): void {
    this.noteTime(str(update.lastUpdated));
    this.title = str(update.summary) ?? this.title;
    if (Array.isArray(update.messages)) this.mergeAll(update.messages);
  }

  /**
   * A `$set` restating the conversation: on resume the same messages in the API's form, after
   * a compression the snapshot and its acknowledgement instead of everything before. What
   * was already read stays (it happened, and the recorded form says more), what is new is
   * added in its place in the file.
   */
  private mergeAll(messages: unknown[]): void {
    for (const message of messages) {
      if (!isObject(message) || typeof message.id !== "string")
        addWarning(this.warnings, "unknown message in a $set");
      else if (!this.known.has(message.id)) this.addMessage(message);
    }
  }

  private rewind(id: string): void {
    if (!this.pending.has(id)) {
      // Gemini CLI clears the conversation when it does not know the id; so do we, as far
      // as the messages still open go.
      if (this.pending.size > 0) addWarning(this.warnings, "rewind to a message not kept");
      this.pending.clear();
      return;
    }
    let found = false;
    for (const key of [...this.pending.keys()]) {
      if (key === id) found = true;
      if (found) this.pending.delete(key);
    }
  }

  private addMessage(record: JsonObject): void {
    const id = record.id as string;
    this.known.add(id);
    const type = str(record.type);
    const written = str(record.timestamp);
    this.noteTime(written);
    // A `$set` restating the conversation stamps every message with its own time.
    const at = this.times.get(id) ?? written;
    if (written !== null && !this.times.get(id)) this.times.set(id, written);
    if (type === "user") this.addUser(id, record, at);
    else if (type === "gemini") this.addModel(id, record, at);
    else if (type === null || !NOTICE_TYPES.has(type))
      addWarning(this.warnings, `unknown message type ${type ?? "(none)"}`);
  }

  private addUser(id: string, record: JsonObject, at: string | null): void {
    const content = record.content;
    if (isToolResultContent(content)) {
      for (const response of functionResponses(content)) {
        const call = response.id ? this.calls.get(response.id) : undefined;
        // The recorded form already holds the result in the model's message.
        if (!call) continue;
        if (call.output === null) {
          setToolOutput(call, response.output, response.isError);
          this.touch(call);
        }
      }
      return;
    }
    const text = promptText(content);
    if (text === null) return;
    if (text.includes(SNAPSHOT_MARKER)) {
      if (!this.snapshots.has(text)) {
        this.snapshots.add(text);
        this.compactions.push({ text: capText(text, MAX_MESSAGE_CHARS), at, trigger: null });
      }
      this.afterSnapshot = true;
      return;
    }
    this.open({
      id,
      role: "user",
      text: capText(text, MAX_MESSAGE_CHARS),
      toolCalls: [],
      model: null,
      at,
    });
  }

  private addModel(id: string, record: JsonObject, at: string | null): void {
    const acknowledgement = this.afterSnapshot;
    this.afterSnapshot = false;
    if (acknowledgement && partsText(record.content) === SNAPSHOT_ACKNOWLEDGEMENT) return;
    const model = str(record.model);
    if (model) this.model = model;
    if (isObject(record.tokens)) {
      const tokens = record.tokens;
      const cached = num(tokens.cached);
      this.tokens.set(id, {
        input: Math.max(0, num(tokens.input) - cached),
        output: num(tokens.output),
        cacheRead: cached,
        cacheWrite: 0,
        reasoning: num(tokens.thoughts),
      });
    }
    const toolCalls: ToolCall[] = [];
    if (Array.isArray(record.toolCalls)) {
      // The recorded form: each call with its result and status.
      for (const recorded of record.toolCalls) {
        if (!isObject(recorded)) continue;
        const part = {
          id: str(recorded.id),
          name: str(recorded.name) ?? "unknown",
          args: isObject(recorded.args) ? recorded.args : {},
        };
        const call = toToolCall(part, str(recorded.timestamp) ?? at);
        const [response] = functionResponses(recorded.result);
        if (response)
          setToolOutput(call, response.output, recorded.status === "error" || response.isError);
        toolCalls.push(call);
        this.noteTodos(part);
      }
    } else {
      // The API's form, after a `$set`: results follow in user messages.
      for (const part of functionCalls(record.content)) {
        toolCalls.push(toToolCall(part, at));
        this.noteTodos(part);
      }
    }
    for (const call of toolCalls) {
      if (call.id) this.calls.set(call.id, call);
      if (call.output !== null) this.touch(call);
    }
    this.open({
      id,
      role: "assistant",
      text: capText(partsText(record.content), MAX_MESSAGE_CHARS),
      toolCalls,
      model: model ?? this.model,
      at,
    });
  }

  private noteTodos(part: Parameters<typeof todosOf>[0]): void {
    const todos = todosOf(part);
    if (todos) this.todos = todos;
  }

  private touch(call: ToolCall): void {
    const key = call.id ?? `${call.name}:${JSON.stringify(call.input)}:${call.at}`;
    if (this.touched.has(key)) return;
    this.touched.add(key);
    touchFiles(this.files, call);
  }

  /** A message that later records may still replace or rewind. */
  private open(message: SessionMessage): void {
    const id = message.id as string;
    // A message written again replaces itself where it stood.
    if (this.pending.has(id)) {
      this.pending.set(id, message);
      return;
    }
    this.pending.set(id, message);
    if (message.role === "user") this.firstUser ??= message;
    if (this.pending.size > this.limit * 2) {
      for (const [key, oldest] of this.pending) {
        if (this.pending.size <= this.limit) break;
        this.pending.delete(key);
        this.commit(oldest);
      }
    }
  }

  private commit(message: SessionMessage): void {
    this.messages.push(message);
  }

  private noteTime(at: string | null): void {
    if (at === null) return;
    if (this.lastActivityAt === null || at > this.lastActivityAt) this.lastActivityAt = at;
  }
}

/**
 * What the person typed in a user message: null for the workspace context Gemini CLI
 * injects; hooks' context (SessionStart, BeforeAgent), which travels inside the prompt it
 * joined, left out.
 */
export function promptText(content: unknown): string | null {
  const text = partsText(content).replace(HOOK_CONTEXT, "").trim();
  if (text.length === 0 || INJECTED_PREFIXES.some((prefix) => text.startsWith(prefix))) return null;
  return text;
}
