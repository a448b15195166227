/**
 * The OpenAI Responses API as Codex uses it: `POST /v1/responses`, streaming SSE
 * (`response.created`, `response.output_item.added` / `.done` per output item, text and
 * argument deltas, `response.completed` with usage) or one JSON response object.
 *
 * Tool calls become `function_call` items, except for tools the request declares as
 * `type: "custom"` (Codex's freeform `apply_patch`), which become `custom_tool_call` items
 * whose raw input is the call's `input.input` string; `customToolCall` builds such a call.
 * A call named `tool_search`, when the request declares a `type: "tool_search"` tool (Codex
 * defers MCP tools behind it), becomes a `tool_search_call` item; a call with a `namespace`
 * (a tool the search loaded, e.g. `mcp__baton`) carries it on its `function_call`.
 */

import {
  type AdapterResponse,
  type ApiAdapter,
  type EncodeContext,
  flattenContent,
} from "./api-adapter.ts";
import type { ToolCall, Turn } from "./script.ts";

interface ResponsesBody {
  model?: string;
  stream?: boolean;
  instructions?: unknown;
  input?: unknown;
  tools?: Array<{ type?: string; name?: string }>;
  prompt_cache_key?: unknown;
}

type OutputItem =
  | { type: "message"; id: string; text: string }
  | {
      type: "function_call";
      id: string;
      callId: string;
      name: string;
      namespace: string | undefined;
      arguments: string;
    }
  | { type: "tool_search_call"; id: string; callId: string; arguments: Record<string, unknown> }
  | { type: "custom_tool_call"; id: string; callId: string; name: string; input: string };

/** Codex's local compaction prompt (a custom provider cannot use the remote compact endpoint). */
const COMPACT_MARKER = "CONTEXT CHECKPOINT COMPACTION";

/** The summary the server writes when Codex asks it to compact a conversation. */
export const CODEX_COMPACT_SUMMARY =
  "Scripted model server checkpoint: the conversation so far, summarised for the next turn.";

/** A call of a freeform tool such as Codex's `apply_patch`: `text` is sent as the raw input. */
export function customToolCall(name: string, text: string, id?: string): ToolCall {
  return id === undefined ? { name, input: { input: text } } : { name, input: { input: text }, id };
}

export const openaiResponses: ApiAdapter = {
  name: "openai-responses",

  matches: (method, path) => method === "POST" && path === "/v1/responses",

  sideRequest(request) {
    return lastUserText(asBody(request.body)).includes(COMPACT_MARKER) ? "compact" : undefined;
  },

  answerSide(request, reason, context) {
    const text = context.sideReply ?? (reason === "compact" ? CODEX_COMPACT_SUMMARY : "ok");
    return encodeResponse(
      asBody(request.body),
      [{ type: "message", id: context.nextId("msg_"), text }],
      context,
    );
  },

  textOf(request) {
    const body = asBody(request.body);
    const parts = [flattenContent(body.instructions ?? "")];
    for (const item of asItems(body.input)) parts.push(flattenItem(item));
    return parts.filter(Boolean).join("\n");
  },

  sessionOf(request) {
    const header = request.headers["session-id"] ?? request.headers["thread-id"];
    if (header) return header;
    const key = asBody(request.body).prompt_cache_key;
    return typeof key === "string" ? key : undefined;
  },

  encodeTurn(request, turn, context) {
    const body = asBody(request.body);
    return encodeResponse(body, outputItems(body, turn, context), context);
  },

  encodeError(_request, status, message) {
    return json(status, {
      error: { message, type: "invalid_request_error", param: null, code: "model_server" },
    });
  },
};

function outputItems(body: ResponsesBody, turn: Turn, context: EncodeContext): OutputItem[] {
  const custom = new Set(
    (body.tools ?? []).filter((t) => t.type === "custom" && t.name).map((t) => t.name),
  );
  const searches = (body.tools ?? []).some((t) => t.type === "tool_search");
  const items: OutputItem[] = [];
  if (turn.text !== undefined && turn.text !== "") {
    items.push({ type: "message", id: context.nextId("msg_"), text: turn.text });
  }
  for (const call of turn.toolCalls ?? []) {
    const callId = call.id ?? context.nextId("call_");
    if (custom.has(call.name)) {
      const raw = call.input.input;
      if (typeof raw !== "string") {
        throw new Error(
          `${call.name} is a custom (freeform) tool: script its call with customToolCall(name, text)`,
        );
      }
      items.push({
        type: "custom_tool_call",
        id: context.nextId("ctc_"),
        callId,
        name: call.name,
        input: raw,
      });
    } else if (call.name === "tool_search" && searches && call.namespace === undefined) {
      items.push({
        type: "tool_search_call",
        id: context.nextId("ts_"),
        callId,
        arguments: call.input,
      });
    } else {
      items.push({
        type: "function_call",
        id: context.nextId("fc_"),
        callId,
        name: call.name,
        namespace: call.namespace,
        arguments: JSON.stringify(call.input),
      });
    }
  }
  if (items.length === 0) items.push({ type: "message", id: context.nextId("msg_"), text: "" });
  return items;
}

function encodeResponse(
  body: ResponsesBody,
  items: OutputItem[],
  context: EncodeContext,
): AdapterResponse {
  const inputTokens = estimateTokens(JSON.stringify(body.input ?? ""));
  const outputTokens = Math.max(1, estimateTokens(JSON.stringify(items)));
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
  const response = {
    id: context.nextId("resp_"),
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    model: body.model ?? "scripted-model",
    status: "in_progress",
    output: [] as unknown[],
    usage: null as unknown,
  };
  const done = items.map(completedItem);
  if (!body.stream) {
    return json(200, { ...response, status: "completed", output: done, usage });
  }
  const events: string[] = [];
  const emit = (type: string, data: Record<string, unknown>) => {
    events.push(
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: events.length, ...data })}\n\n`,
    );
  };
  emit("response.created", { response });
  emit("response.in_progress", { response });
  items.forEach((item, outputIndex) => {
    const at = { item_id: item.id, output_index: outputIndex };
    if (item.type === "message") {
      emit("response.output_item.added", {
        output_index: outputIndex,
        item: {
          id: item.id,
          type: "message",
          status: "in_progress",
          role: "assistant",
          content: [],
        },
      });
      const part = { type: "output_text", text: "", annotations: [] };
      emit("response.content_part.added", { ...at, content_index: 0, part });
      emit("response.output_text.delta", { ...at, content_index: 0, delta: item.text });
      emit("response.output_text.done", { ...at, content_index: 0, text: item.text });
      emit("response.content_part.done", {
        ...at,
        content_index: 0,
        part: { ...part, text: item.text },
      });
    } else if (item.type === "function_call") {
      emit("response.output_item.added", {
        output_index: outputIndex,
        item: { ...completedItem(item), status: "in_progress", arguments: "" },
      });
      // Two deltas, like the real API, so the agent's argument assembly is exercised.
      const middle = Math.ceil(item.arguments.length / 2);
      for (const delta of [item.arguments.slice(0, middle), item.arguments.slice(middle)]) {
        emit("response.function_call_arguments.delta", { ...at, delta });
      }
      emit("response.function_call_arguments.done", { ...at, arguments: item.arguments });
    } else if (item.type === "tool_search_call") {
      emit("response.output_item.added", { output_index: outputIndex, item: done[outputIndex] });
    } else {
      emit("response.output_item.added", {
        output_index: outputIndex,
        item: { ...completedItem(item), status: "in_progress", input: "" },
      });
      emit("response.custom_tool_call_input.delta", { ...at, delta: item.input });
      emit("response.custom_tool_call_input.done", { ...at, input: item.input });
    }
    emit("response.output_item.done", { output_index: outputIndex, item: done[outputIndex] });
  });
  emit("response.completed", {
    response: { ...response, status: "completed", output: done, usage },
  });
  return { status: 200, contentType: "text/event-stream; charset=utf-8", body: events.join("") };
}

function completedItem(item: OutputItem): Record<string, unknown> {
  switch (item.type) {
    case "message":
      return {
        id: item.id,
        type: "message",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: item.text, annotations: [] }],
      };
    case "function_call":
      return {
        id: item.id,
        type: "function_call",
        status: "completed",
        call_id: item.callId,
        name: item.name,
        ...(item.namespace === undefined ? {} : { namespace: item.namespace }),
        arguments: item.arguments,
      };
    case "tool_search_call":
      return {
        id: item.id,
        type: "tool_search_call",
        status: "completed",
        call_id: item.callId,
        execution: "client",
        arguments: item.arguments,
      };
    case "custom_tool_call":
      return {
        id: item.id,
        type: "custom_tool_call",
        status: "completed",
        call_id: item.callId,
        name: item.name,
        input: item.input,
      };
  }
}

/** One input item as text; calls read `name {arguments}` so tests can find them. */
function flattenItem(item: Record<string, unknown>): string {
  switch (item.type) {
    case "function_call":
      return `${item.namespace ? `${String(item.namespace)}.` : ""}${String(item.name)} ${String(item.arguments ?? "")}`;
    case "tool_search_call":
      return `tool_search ${JSON.stringify(item.arguments ?? {})}`;
    case "tool_search_output":
      return `tool_search found ${JSON.stringify(toolNames(item.tools))}`;
    case "custom_tool_call":
      return `${String(item.name)} ${String(item.input ?? "")}`;
    case "function_call_output":
    case "custom_tool_call_output":
      return flattenContent(item.output ?? "");
    case "reasoning":
      return flattenContent(item.summary ?? "");
    default:
      return flattenContent(item.content ?? "");
  }
}

/** The names a tool search loaded, namespaced: `["mcp__baton.read_session", …]`. */
function toolNames(tools: unknown, namespace = ""): string[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool: { type?: string; name?: string; tools?: unknown }) =>
    tool.type === "namespace"
      ? toolNames(tool.tools, `${tool.name ?? ""}.`)
      : [`${namespace}${tool.name ?? ""}`],
  );
}

function lastUserText(body: ResponsesBody): string {
  const users = asItems(body.input).filter((i) => i.role === "user");
  return flattenContent(users.at(-1)?.content ?? "");
}

function asItems(input: unknown): Array<Record<string, unknown>> {
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  if (!Array.isArray(input)) return [];
  return input.filter((i): i is Record<string, unknown> => Boolean(i) && typeof i === "object");
}

function json(status: number, value: unknown): AdapterResponse {
  return { status, contentType: "application/json", body: JSON.stringify(value) };
}

function asBody(body: unknown): ResponsesBody {
  return body && typeof body === "object" ? (body as ResponsesBody) : {};
}

/** Roughly four characters per token: plausible numbers without a tokenizer. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
