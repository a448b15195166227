import type { SessionMessage, SessionTodo, TokenUsage, ToolCall } from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { isObject, type JsonObject, num, str } from "../json-values.ts";
import { RecentMap } from "../recent-map.ts";
import { RecordSessionBuilder } from "../record-session-builder.ts";
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
export class CodexSessionBuilder extends RecordSessionBuilder {
  parentId: string | null = null;
  provider: string | null = null;
  agentMode: string | null = null;
  todos: SessionTodo[] | null = null;
  usage: TokenUsage | null = null;

  private readonly calls = new Map<string, ToolCall>();
  /**
   * Unified exec (Codex ≥ 0.12x): `exec_command` may answer "Process running with session
   * ID N"; the exit code comes later, in a `write_stdin` output or an `exec_command_end`
   * event. These are the calls still waiting, by call id and by process id.
   */
  private readonly running = new Map<string, ToolCall>();
  private readonly byProcess = new Map<string, ToolCall>();
  /** The command each recent process ran, kept after it ended for the polls that follow. */
  private readonly processCommand = new RecentMap<string, string>(64);
  /**
   * A message is written more than once, in an order that changed between versions: as a
   * `message` item, as a `user_message`/`agent_message` event, and (paginated threads,
   * 0.16x) as an `item_completed` event. The last message of each role, with the sources
   * it came from: the same text again from another source is the same message.
   */
  private readonly lastMessage = new Map<string, { text: string; sources: Set<string> }>();

  override slimRecord(bytes: Buffer, start: number, end: number): JsonObject | null {
    return slimCodexRecord(bytes, start, end);
  }

  override addRecord(record: JsonObject): void {
    const type = str(record.type);
    const payload = isObject(record.payload) ? record.payload : null;
    const at = str(record.timestamp);
    this.noteTime(at);
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
        if (payload.type === "exec_command_end") this.endExec(payload);
        this.addEventMessage(payload, at);
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
    if (message !== null) this.pushMessage(message.role, message.text, at, "item");
  }

  /**
   * Prompts and replies as events: read when the `message` item that carries the same
   * text is absent (owner-trimmed rollouts, some Codex Desktop builds), once otherwise.
   */
  private addEventMessage(payload: JsonObject, at: string | null): void {
    if (payload.type === "user_message") {
      const text = promptText(str(payload.message) ?? "");
      if (text.length > 0 && !classifyInjected(text)) this.pushMessage("user", text, at, "event");
    } else if (payload.type === "agent_message") {
      const text = (str(payload.message) ?? "").trim();
      if (text.length > 0) this.pushMessage("assistant", text, at, "event");
    } else if (payload.type === "item_completed" && isObject(payload.item)) {
      const item = payload.item;
      const role =
        item.type === "UserMessage" ? "user" : item.type === "AgentMessage" ? "assistant" : null;
      if (role === null) return;
      const texts: string[] = [];
      for (const block of Array.isArray(item.content) ? item.content : [])
        if (isObject(block) && typeof block.text === "string") texts.push(block.text);
      const joined = texts.join("\n").trim();
      const text = role === "user" ? promptText(joined) : joined;
      if (text.length > 0 && !(role === "user" && classifyInjected(text)))
        this.pushMessage(role, text, at, "completed");
    }
  }

  private pushMessage(
    role: "user" | "assistant",
    text: string,
    at: string | null,
    source: string,
  ): void {
    const last = this.lastMessage.get(role);
    if (last && last.text === text && !last.sources.has(source)) {
      last.sources.add(source);
      return;
    }
    this.lastMessage.set(role, { text, sources: new Set([source]) });
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
    const previous = this.window.last();
    if (previous && previous.role === "assistant" && previous.text.length === 0) {
      previous.text = capText(text, MAX_MESSAGE_CHARS);
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
      // A web search carries its own status and gets no output item.
      unfinished: type === "web_search_call" ? str(item.status) === "in_progress" : true,
      command: category === "shell" ? codexCommand(input) : null,
      paths: [],
      at,
    };
    if (name === "write_stdin") this.describeStdin(call, input);
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
    call.unfinished = false;
    // The exit code is read from the output's kept start, whichever way the line was
    // parsed; a JSON envelope, which keeps it at its end, is never cut.
    const head =
      output.length > MAX_OUTPUT_CHARS && !output.startsWith("{")
        ? output.slice(0, MAX_OUTPUT_CHARS)
        : output;
    const exitCode = codexExitCode(head);
    if (call.name === "write_stdin") {
      const process = isObject(call.input) ? String(call.input.session_id ?? "") : "";
      const target = this.byProcess.get(process);
      if (target && exitCode !== null) this.finishExec(target, exitCode, output, length);
      else if (!target && /^write_stdin failed/.test(output)) call.isError = true;
      return;
    }
    const process = runningProcess(head);
    if (call.category === "shell" && process !== null && exitCode === null) {
      call.unfinished = true;
      if (call.id) this.running.set(call.id, call);
      this.byProcess.set(process, call);
      if (call.command) this.processCommand.set(process, call.command);
      return;
    }
    if (call.category === "shell") call.exitCode = exitCode ?? call.exitCode;
    call.isError = success === false || (call.exitCode !== null && call.exitCode !== 0);
  }

  /** The end of a unified-exec process, from its `exec_command_end` event. */
  private endExec(payload: JsonObject): void {
    const id = str(payload.call_id);
    const code = payload.exit_code;
    if (id === null || typeof code !== "number") return;
    // Only the code: the output came in the call's own output or its write_stdin polls.
    const waiting = this.running.get(id);
    if (waiting) {
      this.finishExec(waiting, code, "", 0);
      return;
    }
    // The event can come before the call's own output; that output may lack the code.
    const pending = this.calls.get(id);
    if (pending && pending.category === "shell") pending.exitCode = code;
  }

  private finishExec(call: ToolCall, exitCode: number, output: string, length: number): void {
    call.exitCode = exitCode;
    call.isError = exitCode !== 0;
    call.unfinished = false;
    if (output.length > 0) call.output = capText(output, MAX_OUTPUT_CHARS, length);
    if (call.id) this.running.delete(call.id);
    for (const [process, waiting] of this.byProcess)
      if (waiting === call) this.byProcess.delete(process);
  }

  /**
   * `write_stdin` polls or types into a unified-exec process: shown as what it did to which
   * command, not as its JSON arguments. Not a shell run of its own: the exit code it reports
   * belongs to the command that started the process.
   */
  private describeStdin(call: ToolCall, input: JsonObject): void {
    const process = String(input.session_id ?? "");
    const command = this.processCommand.get(process);
    const chars = typeof input.chars === "string" ? input.chars : "";
    const what = chars.length === 0 ? "waited for" : `sent ${visibleChars(chars)} to`;
    const subject = command ? `\`${command}\`` : `process ${process}`;
    call.input = { ...input, description: `${what} ${subject}` };
  }
}

/** "Process running with session ID N": the process id of a unified exec still running. */
function runningProcess(output: string): string | null {
  return (
    /^\s*(?:Chunk ID: \S+\s+)?(?:Wall time: [^\n]*\n\s*)?Process running with session ID (\d+)/.exec(
      output,
    )?.[1] ?? null
  );
}

/** Control characters as a person would name them: `\u0003` is Ctrl-C. */
function visibleChars(chars: string): string {
  let shown = "";
  for (const c of chars) {
    const code = c.charCodeAt(0);
    shown += c === "\n" ? "⏎" : code < 32 ? `Ctrl-${String.fromCharCode(code + 64)}` : c;
  }
  return JSON.stringify(shown);
}

/**
 * Codex Desktop puts the files a person attached before the request, under
 * "# Files mentioned by the user:" and "## My request for Codex:"; the request is what follows.
 */
function promptText(text: string): string {
  const marker = /^## My request for Codex:\s*$/m.exec(text);
  return (marker ? text.slice(marker.index + marker[0].length) : text).trim();
}

function classifyInjected(text: string): boolean {
  return INJECTED_USER_PREFIXES.some((prefix) => text.startsWith(prefix));
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
  const joined = texts.join("\n").trim();
  const text = role === "user" ? promptText(joined) : joined;
  if (role === "user" && (text.length === 0 || classifyInjected(text))) return null;
  return { role, text };
}
