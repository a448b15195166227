/**
 * The Anthropic Messages API as Claude Code uses it: `POST /v1/messages` (Claude Code adds
 * `?beta=true`), streaming SSE or plain JSON, text and tool_use blocks, plus
 * `POST /v1/messages/count_tokens`.
 */

import {
  type AdapterResponse,
  type ApiAdapter,
  type EncodeContext,
  flattenContent,
} from "./api-adapter.ts";
import type { Turn } from "./script.ts";

interface MessagesBody {
  model?: string;
  stream?: boolean;
  max_tokens?: number;
  system?: unknown;
  messages?: Array<{ role?: string; content?: unknown }>;
  metadata?: { user_id?: unknown };
}

interface ContentBlock {
  type: "text" | "tool_use";
  [key: string]: unknown;
}

/** Claude Code's (and Copilot CLI's) compaction prompt. */
const COMPACT_MARKER = "create a detailed summary of the conversation";
/** Pi's summarisation requests (whole history, split turn, update) share this system prompt. */
const COMPACT_SYSTEM_MARKER = "You are a context summarization assistant";

/** The summary the server writes when Claude Code asks it to compact a conversation. */
export const COMPACT_SUMMARY =
  "<analysis>Scripted model server.</analysis>\n<summary>1. Primary Request and Intent: " +
  "the scripted conversation so far (summary written by the model server).</summary>";

export const anthropicMessages: ApiAdapter = {
  name: "anthropic-messages",

  matches: (method, path) =>
    method === "POST" && (path === "/v1/messages" || path === "/v1/messages/count_tokens"),

  sideRequest(request) {
    if (request.path === "/v1/messages/count_tokens") return "count_tokens";
    const body = asBody(request.body);
    const firstUser = flattenContent(body.messages?.[0]?.content ?? "");
    if (body.max_tokens === 1 && firstUser.trim() === "quota") return "quota";
    // Claude Code runs its own housekeeping (titles, topic detection) on the small fast model.
    if (/haiku/i.test(body.model ?? "")) return "haiku";
    if (lastUserText(body).includes(COMPACT_MARKER)) return "compact";
    if (flattenContent(body.system ?? "").includes(COMPACT_SYSTEM_MARKER)) return "compact";
    return undefined;
  },

  answerSide(request, reason, context) {
    const body = asBody(request.body);
    if (reason === "count_tokens") {
      return json(200, { input_tokens: estimateTokens(JSON.stringify(request.body ?? "")) });
    }
    const text = context.sideReply ?? (reason === "compact" ? COMPACT_SUMMARY : "ok");
    return encodeMessage(body, [{ type: "text", text }], "end_turn", context);
  },

  textOf(request) {
    const body = asBody(request.body);
    const parts: string[] = [flattenContent(body.system ?? "")];
    for (const message of body.messages ?? []) parts.push(flattenBlocks(message.content));
    return parts.filter(Boolean).join("\n");
  },

  sessionOf(request) {
    const header = request.headers["x-claude-code-session-id"];
    if (header) return header;
    // metadata.user_id is JSON text with session_id in 2.x, "user_…_session_<uuid>" before.
    const userId = asBody(request.body).metadata?.user_id;
    if (typeof userId !== "string") return undefined;
    try {
      const parsed = JSON.parse(userId) as { session_id?: unknown };
      if (typeof parsed.session_id === "string") return parsed.session_id;
    } catch {
      // Not JSON: the older underscore-joined form.
    }
    return /_session_([0-9a-f-]{36})$/.exec(userId)?.[1];
  },

  encodeTurn(request, turn, context) {
    const blocks: ContentBlock[] = [];
    if (turn.text !== undefined && turn.text !== "") blocks.push({ type: "text", text: turn.text });
    for (const call of turn.toolCalls ?? []) {
      blocks.push({
        type: "tool_use",
        id: call.id ?? context.nextId("toolu_"),
        name: call.name,
        input: call.input,
      });
    }
    if (blocks.length === 0) blocks.push({ type: "text", text: "" });
    const stop = hasToolCalls(turn) ? "tool_use" : "end_turn";
    return encodeMessage(asBody(request.body), blocks, stop, context);
  },

  encodeError(_request, status, message) {
    return json(status, { type: "error", error: { type: "invalid_request_error", message } });
  },
};

function hasToolCalls(turn: Turn): boolean {
  return (turn.toolCalls?.length ?? 0) > 0;
}

function encodeMessage(
  body: MessagesBody,
  content: ContentBlock[],
  stopReason: "tool_use" | "end_turn",
  context: EncodeContext,
): AdapterResponse {
  const model = body.model ?? "claude-scripted";
  const id = context.nextId("msg_");
  const inputTokens = estimateTokens(JSON.stringify(body.messages ?? []));
  const outputTokens = Math.max(1, estimateTokens(JSON.stringify(content)));
  const usage = {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
  };
  if (!body.stream) {
    return json(200, {
      id,
      type: "message",
      role: "assistant",
      model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage,
    });
  }
  const events: string[] = [
    sse("message_start", {
      type: "message_start",
      message: {
        id,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
  ];
  content.forEach((block, index) => {
    if (block.type === "text") {
      events.push(
        sse("content_block_start", {
          type: "content_block_start",
          index,
          content_block: { type: "text", text: "" },
        }),
        sse("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text: block.text },
        }),
      );
    } else {
      const inputJson = JSON.stringify(block.input);
      // Split the JSON like the real API does, so the agent's partial-JSON assembly is exercised.
      const middle = Math.ceil(inputJson.length / 2);
      events.push(
        sse("content_block_start", {
          type: "content_block_start",
          index,
          content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
        }),
        ...[inputJson.slice(0, middle), inputJson.slice(middle)].map((partial) =>
          sse("content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "input_json_delta", partial_json: partial },
          }),
        ),
      );
    }
    events.push(sse("content_block_stop", { type: "content_block_stop", index }));
  });
  events.push(
    sse("message_delta", {
      type: "message_delta",
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
    sse("message_stop", { type: "message_stop" }),
  );
  return { status: 200, contentType: "text/event-stream; charset=utf-8", body: events.join("") };
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function json(status: number, value: unknown): AdapterResponse {
  return { status, contentType: "application/json", body: JSON.stringify(value) };
}

function asBody(body: unknown): MessagesBody {
  return body && typeof body === "object" ? (body as MessagesBody) : {};
}

function lastUserText(body: MessagesBody): string {
  const users = (body.messages ?? []).filter((m) => m.role === "user");
  return flattenBlocks(users.at(-1)?.content);
}

/** Message content with tool calls shown as `name {input}` so tests can find them. */
function flattenBlocks(content: unknown): string {
  if (!Array.isArray(content)) return flattenContent(content ?? "");
  return content
    .map((block) => {
      if (block && typeof block === "object" && (block as ContentBlock).type === "tool_use") {
        const { name, input } = block as { name?: unknown; input?: unknown };
        return `${String(name)} ${JSON.stringify(input)}`;
      }
      return flattenContent(block);
    })
    .filter(Boolean)
    .join("\n");
}

/** Roughly four characters per token: plausible numbers without a tokenizer. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
