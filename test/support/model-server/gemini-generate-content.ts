/**
 * The Gemini API as Gemini CLI (`@google/genai`) uses it with `GOOGLE_GEMINI_BASE_URL`:
 * `POST /v1beta/models/<model>:generateContent` (one JSON response),
 * `POST /v1beta/models/<model>:streamGenerateContent?alt=sse` (SSE, one candidate chunk per
 * event) and `POST /v1beta/models/<model>:countTokens`. Tool calls are `functionCall` parts;
 * the agent answers them with `functionResponse` parts in the next user content.
 */

import {
  type AdapterResponse,
  type ApiAdapter,
  type EncodeContext,
  flattenContent,
} from "./api-adapter.ts";
import type { Turn } from "./script.ts";

interface Part {
  text?: string;
  thought?: boolean;
  functionCall?: { name?: string; args?: unknown; id?: string };
  functionResponse?: { name?: string; response?: unknown; id?: string };
}

interface Content {
  role?: string;
  parts?: Part[];
}

interface GenerateBody {
  contents?: Content[];
  systemInstruction?: Content | string;
  tools?: unknown[];
  generationConfig?: { responseMimeType?: string; responseJsonSchema?: unknown };
}

const PATH =
  /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

/** Gemini CLI's compression prompt asks for a `<state_snapshot>`. */
const COMPACT_MARKER = "state_snapshot";

/** The snapshot the server writes when Gemini CLI compresses, unless `sideReplies.compact` says otherwise. */
export const GEMINI_COMPACT_SUMMARY =
  "<state_snapshot>\n<overall_goal>The scripted conversation so far (summary written by the model server).</overall_goal>\n</state_snapshot>";

export const geminiGenerateContent: ApiAdapter = {
  name: "gemini-generate-content",

  matches: (method, path) => method === "POST" && PATH.test(path),

  sideRequest(request) {
    const [, , action] = PATH.exec(request.path) ?? [];
    if (action === "countTokens") return "count_tokens";
    const body = asBody(request.body);
    // JSON-mode requests are the CLI's own housekeeping (model routing, next-speaker checks).
    if (body.generationConfig?.responseMimeType === "application/json") return "json";
    if (systemText(body).includes(COMPACT_MARKER)) return "compact";
    if (!body.tools || body.tools.length === 0) return "no_tools";
    return undefined;
  },

  answerSide(request, reason, context) {
    const body = asBody(request.body);
    if (reason === "count_tokens") {
      return json(200, { totalTokens: estimateTokens(JSON.stringify(request.body ?? "")) });
    }
    const text =
      context.sideReply ??
      (reason === "compact" ? GEMINI_COMPACT_SUMMARY : reason === "json" ? "{}" : "ok");
    return encode(request, body, [{ text }], context);
  },

  textOf(request) {
    const body = asBody(request.body);
    const parts: string[] = [systemText(body)];
    for (const content of body.contents ?? []) parts.push(flattenParts(content.parts ?? []));
    return parts.filter(Boolean).join("\n");
  },

  encodeTurn(request, turn, context) {
    return encode(request, asBody(request.body), partsOf(turn), context);
  },

  encodeError(_request, status, message) {
    return json(status, {
      error: { code: status, message, status: status === 400 ? "INVALID_ARGUMENT" : "UNKNOWN" },
    });
  },
};

function partsOf(turn: Turn): Part[] {
  const parts: Part[] = [];
  if (turn.text) parts.push({ text: turn.text });
  for (const call of turn.toolCalls ?? []) {
    parts.push({
      functionCall: { name: call.name, args: call.input, ...(call.id ? { id: call.id } : {}) },
    });
  }
  return parts;
}

function encode(
  request: { path: string; query: URLSearchParams },
  body: GenerateBody,
  parts: Part[],
  context: EncodeContext,
): AdapterResponse {
  const model = PATH.exec(request.path)?.[1] ?? "scripted-model";
  const promptTokens = estimateTokens(JSON.stringify(body.contents ?? []));
  const candidateTokens = Math.max(1, estimateTokens(JSON.stringify(parts)));
  const usageMetadata = {
    promptTokenCount: promptTokens,
    candidatesTokenCount: candidateTokens,
    totalTokenCount: promptTokens + candidateTokens,
  };
  const responseId = context.nextId("resp_");
  const response = (chunkParts: Part[], finish: boolean) => ({
    candidates: [
      {
        content: { role: "model", parts: chunkParts },
        ...(finish ? { finishReason: "STOP" } : {}),
        index: 0,
      },
    ],
    ...(finish ? { usageMetadata } : {}),
    modelVersion: model,
    responseId,
  });
  if (!request.path.endsWith(":streamGenerateContent")) return json(200, response(parts, true));
  // The text in two chunks, like the real API, so the agent's assembly is exercised; the
  // function calls arrive whole in the last chunk, as Gemini sends them.
  const events: unknown[] = [];
  const text = parts.find((part) => part.text !== undefined)?.text ?? "";
  const calls = parts.filter((part) => part.functionCall !== undefined);
  if (text.length > 1) {
    const middle = Math.ceil(text.length / 2);
    events.push(response([{ text: text.slice(0, middle) }], false));
    events.push(response([{ text: text.slice(middle) }, ...calls], true));
  } else {
    events.push(response(text ? [{ text }, ...calls] : calls, true));
  }
  const sse = request.query.get("alt") === "sse";
  const bodyText = sse
    ? events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`).join("")
    : JSON.stringify(events);
  return {
    status: 200,
    contentType: sse ? "text/event-stream" : "application/json",
    body: bodyText,
  };
}

function systemText(body: GenerateBody): string {
  const system = body.systemInstruction as Content | Part | string | undefined;
  if (typeof system === "string") return system;
  if (system && "parts" in system) return flattenParts(system.parts ?? []);
  return system ? flattenParts([system as Part]) : "";
}

/** Parts as text; function calls read `name {args}` so tests can find them. */
function flattenParts(parts: Part[]): string {
  return parts
    .map((part) => {
      if (part.functionCall)
        return `${String(part.functionCall.name)} ${JSON.stringify(part.functionCall.args ?? {})}`;
      if (part.functionResponse) {
        // A failed call (an MCP tool's error among them) answers `{error: "…"}`.
        const response = part.functionResponse.response as { error?: unknown } | undefined;
        const error = typeof response?.error === "string" ? response.error : "";
        return `${String(part.functionResponse.name)} ${flattenContent(response ?? "")}${error}`;
      }
      return part.thought ? "" : (part.text ?? "");
    })
    .filter(Boolean)
    .join("\n");
}

function json(status: number, value: unknown): AdapterResponse {
  return { status, contentType: "application/json", body: JSON.stringify(value) };
}

function asBody(body: unknown): GenerateBody {
  return body && typeof body === "object" ? (body as GenerateBody) : {};
}

/** Roughly four characters per token: plausible numbers without a tokenizer. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
