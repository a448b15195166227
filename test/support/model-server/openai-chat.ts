/**
 * The OpenAI Chat Completions API as OpenCode's `@ai-sdk/openai-compatible` provider uses
 * it: `POST /v1/chat/completions`, streaming chunks (`delta.content`, `delta.tool_calls`,
 * a `finish_reason` chunk, a usage chunk when `stream_options.include_usage`, then
 * `[DONE]`) or one JSON completion.
 */

import {
  type AdapterResponse,
  type ApiAdapter,
  type EncodeContext,
  flattenContent,
} from "./api-adapter.ts";
import type { Turn } from "./script.ts";

interface ChatMessage {
  role?: string;
  content?: unknown;
  tool_calls?: Array<{ function?: { name?: unknown; arguments?: unknown } }>;
}

interface ChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: ChatMessage[];
  tools?: unknown[];
}

interface ToolCallOut {
  id: string;
  name: string;
  arguments: string;
}

/** OpenCode names every new session with a tool-less request on its small model. */
const TITLE_MARKER = "You are a title generator";

/** OpenCode's compaction agent, which it runs on its own when a session nears the context limit. */
const COMPACT_MARKER = "You are a context summarization agent";

/**
 * Qwen Code's compression request (`/compress`, or on its own near the context limit): the
 * instructions come last in the conversation, or as the system prompt when it retries.
 */
const QWEN_COMPACT_MARKER = "You are the component that summarizes a conversation";

/** The title the server gives sessions, unless the test plants one with `sideReplies.title`. */
export const SCRIPTED_TITLE = "Scripted session";

/** The summary the server writes when OpenCode compacts, unless `sideReplies.compact` says otherwise. */
export const OPENCODE_COMPACT_SUMMARY =
  "## Goal\nThe scripted conversation so far (summary written by the model server).";

export const openaiChat: ApiAdapter = {
  name: "openai-chat",

  matches: (method, path) => method === "POST" && path === "/v1/chat/completions",

  sideRequest(request) {
    const body = asBody(request.body);
    const system = (body.messages ?? []).filter((m) => m.role === "system");
    const systemText = system.map((m) => flattenContent(m.content ?? "")).join("\n");
    if (systemText.includes(TITLE_MARKER)) return "title";
    if (systemText.includes(COMPACT_MARKER) || systemText.includes(QWEN_COMPACT_MARKER))
      return "compact";
    // Qwen Code asks for its summary in the last user message, after the conversation.
    const last = body.messages?.at(-1);
    if (last?.role === "user" && flattenContent(last.content ?? "").includes(QWEN_COMPACT_MARKER))
      return "compact";
    return undefined;
  },

  answerSide(request, reason, context) {
    const text =
      context.sideReply ??
      (reason === "title"
        ? SCRIPTED_TITLE
        : reason === "compact"
          ? OPENCODE_COMPACT_SUMMARY
          : "ok");
    return encodeCompletion(asBody(request.body), text, [], context);
  },

  textOf(request) {
    return (asBody(request.body).messages ?? []).map(flattenMessage).filter(Boolean).join("\n");
  },

  encodeTurn(request, turn, context) {
    return encodeCompletion(
      asBody(request.body),
      turn.text ?? "",
      toolCalls(turn, context),
      context,
    );
  },

  encodeError(_request, status, message) {
    return json(status, {
      error: { message, type: "invalid_request_error", param: null, code: "model_server" },
    });
  },
};

function toolCalls(turn: Turn, context: EncodeContext): ToolCallOut[] {
  return (turn.toolCalls ?? []).map((call) => ({
    id: call.id ?? context.nextId("call_"),
    name: call.name,
    arguments: JSON.stringify(call.input),
  }));
}

function encodeCompletion(
  body: ChatBody,
  text: string,
  calls: ToolCallOut[],
  context: EncodeContext,
): AdapterResponse {
  const id = context.nextId("chatcmpl-");
  const created = Math.floor(Date.now() / 1000);
  const model = body.model ?? "scripted-model";
  const finishReason = calls.length > 0 ? "tool_calls" : "stop";
  const promptTokens = estimateTokens(JSON.stringify(body.messages ?? []));
  const completionTokens = Math.max(1, estimateTokens(text + JSON.stringify(calls)));
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const wireCalls = calls.map((call) => ({
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: call.arguments },
  }));
  if (!body.stream) {
    return json(200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: text === "" && calls.length > 0 ? null : text,
            ...(calls.length > 0 ? { tool_calls: wireCalls } : {}),
          },
          finish_reason: finishReason,
        },
      ],
      usage,
    });
  }
  const chunks: unknown[] = [];
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    chunks.push({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  chunk({ role: "assistant", content: "" });
  if (text !== "") chunk({ content: text });
  calls.forEach((call, index) => {
    chunk({
      tool_calls: [
        { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
      ],
    });
    // Two argument deltas, like the real API, so the agent's assembly is exercised.
    const middle = Math.ceil(call.arguments.length / 2);
    for (const part of [call.arguments.slice(0, middle), call.arguments.slice(middle)]) {
      chunk({ tool_calls: [{ index, function: { arguments: part } }] });
    }
  });
  chunk({}, finishReason);
  if (body.stream_options?.include_usage) {
    chunks.push({ id, object: "chat.completion.chunk", created, model, choices: [], usage });
  }
  const lines = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`);
  lines.push("data: [DONE]\n\n");
  return { status: 200, contentType: "text/event-stream; charset=utf-8", body: lines.join("") };
}

/** One message as text; tool calls read `name {arguments}` so tests can find them. */
function flattenMessage(message: ChatMessage): string {
  const parts = [flattenContent(message.content ?? "")];
  for (const call of message.tool_calls ?? []) {
    parts.push(`${String(call.function?.name)} ${String(call.function?.arguments ?? "")}`);
  }
  return parts.filter(Boolean).join("\n");
}

function json(status: number, value: unknown): AdapterResponse {
  return { status, contentType: "application/json", body: JSON.stringify(value) };
}

function asBody(body: unknown): ChatBody {
  return body && typeof body === "object" ? (body as ChatBody) : {};
}

/** Roughly four characters per token: plausible numbers without a tokenizer. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
