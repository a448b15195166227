/**
 * A scripted model server on 127.0.0.1 that lets the real coding agents run offline.
 *
 * The core owns the HTTP listener, the script cursors and the request log; everything
 * wire-specific lives in an `ApiAdapter`. To add an API:
 *   1. Write `<api-name>.ts` next to this file exporting an `ApiAdapter` (interface in
 *      `api-adapter.ts`; `anthropic-messages.ts` is the worked example). Import the types
 *      from `api-adapter.ts`, not from this file, to keep the module graph acyclic.
 *   2. Add it to `DEFAULT_ADAPTERS` below (or pass `adapters` to `startModelServer`).
 * An adapter claims requests by method + path, says which of them are side requests
 * (answered briefly without consuming the script), flattens a request's messages to text
 * for assertions, and encodes a script turn or an error in its wire format.
 *
 * Failure policy: a request that arrives after the script ran out, or that no adapter
 * claims, is answered with a non-retryable error whose message starts with
 * "model-server:" and is also recorded in `failures`, so the agent stops at once and the
 * test can show the reason. The server never leaves a request hanging.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { anthropicMessages } from "./anthropic-messages.ts";
import type { AdapterResponse, ApiAdapter, ModelRequest } from "./api-adapter.ts";
import { geminiGenerateContent } from "./gemini-generate-content.ts";
import { openaiChat } from "./openai-chat.ts";
import { openaiResponses } from "./openai-responses.ts";
import type { Script } from "./script.ts";

export type { AdapterResponse, ApiAdapter, EncodeContext, ModelRequest } from "./api-adapter.ts";

export interface RecordedRequest {
  /** 0-based position in arrival order. */
  readonly index: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The adapter that claimed the request, or "unmatched". */
  readonly api: string;
  /** The side-request reason, or false for a conversation turn. */
  readonly side: string | false;
  /** Flattened message text, for `expect(request.text).toContain(...)`. */
  readonly text: string;
  readonly sessionId: string | undefined;
  /** Which script the request drew from ("default" or a key of `scripts`). */
  readonly conversation: string;
  /** 1-based number of the script turn that answered it; undefined for side requests and errors. */
  readonly turn: number | undefined;
  /** The "model-server: …" message when the server answered with an error. */
  readonly failure: string | undefined;
}

export interface ModelServerOptions {
  /** The default conversation: used by every request whose session has no own script. */
  readonly script?: Script;
  /** Scripts for particular conversations, keyed by session id (see `RecordedRequest.sessionId`). */
  readonly scripts?: Readonly<Record<string, Script>>;
  readonly adapters?: readonly ApiAdapter[];
  /**
   * Text answers for side requests by reason, e.g. `{ compact: "<summary>…</summary>" }`
   * for a realistic compaction summary; adapters answer briefly by default.
   */
  readonly sideReplies?: Readonly<Record<string, string>>;
}

export interface ModelServer {
  /** e.g. "http://127.0.0.1:41234" (no trailing slash, no "/v1"). */
  readonly url: string;
  readonly port: number;
  /** Every request in arrival order, side requests and failures included. */
  readonly requests: readonly RecordedRequest[];
  /** The conversation-turn requests only (no side requests, no failures). */
  turnRequests(): RecordedRequest[];
  /** "model-server: …" messages of every request answered with an error. */
  readonly failures: readonly string[];
  /** Turns not yet consumed, summed over all scripts (or for one conversation key). */
  remaining(conversation?: string): number;
  /** Throws with every failure message when any request failed. */
  assertNoFailures(): void;
  close(): Promise<void>;
}

export const DEFAULT_ADAPTERS: ApiAdapter[] = [
  anthropicMessages,
  openaiResponses,
  openaiChat,
  geminiGenerateContent,
];

const DEFAULT_CONVERSATION = "default";

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const adapters = options.adapters ?? DEFAULT_ADAPTERS;
  const cursors = new Map<string, { turns: Script; next: number }>();
  cursors.set(DEFAULT_CONVERSATION, { turns: options.script ?? [], next: 0 });
  for (const [key, turns] of Object.entries(options.scripts ?? {})) {
    cursors.set(key, { turns, next: 0 });
  }
  const requests: RecordedRequest[] = [];
  const failures: string[] = [];
  let idCounter = 0;
  const nextId = (prefix: string) => {
    idCounter += 1;
    return `${prefix}${String(idCounter).padStart(4, "0")}${Math.random().toString(36).slice(2, 10)}`;
  };

  const handle = (request: ModelRequest): AdapterResponse & { delayMs?: number } => {
    const adapter = adapters.find((a) => a.matches(request.method, request.path));
    const base = {
      index: requests.length,
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body,
    };
    if (!adapter) {
      const failure = `model-server: no adapter for ${request.method} ${request.path}`;
      failures.push(failure);
      requests.push({
        ...base,
        api: "unmatched",
        side: false,
        text: "",
        sessionId: request.headers["x-session-id"],
        conversation: DEFAULT_CONVERSATION,
        turn: undefined,
        failure,
      });
      return {
        status: 404,
        contentType: "application/json",
        body: JSON.stringify({ error: { type: "not_found_error", message: failure } }),
      };
    }
    const text = safeText(adapter, request);
    const sessionId = adapter.sessionOf?.(request) ?? request.headers["x-session-id"];
    const conversation =
      sessionId !== undefined && cursors.has(sessionId) ? sessionId : DEFAULT_CONVERSATION;
    const cursor = cursors.get(conversation) ?? { turns: [], next: 0 };
    const side = adapter.sideRequest(request);
    const record = { ...base, api: adapter.name, text, sessionId, conversation };
    if (side !== undefined) {
      requests.push({ ...record, side, turn: undefined, failure: undefined });
      const sideReply = options.sideReplies?.[side];
      return adapter.answerSide(request, side, { nextId, turnNumber: cursor.next, sideReply });
    }
    const turn = cursor.turns[cursor.next];
    if (turn === undefined) {
      const failure =
        `model-server: script exhausted after ${cursor.turns.length} turns` +
        `${conversation === DEFAULT_CONVERSATION ? "" : ` (conversation ${conversation})`}; ` +
        `request: ${request.method} ${request.path} ${adapter.name}, last text: ${JSON.stringify(text.slice(-300))}`;
      failures.push(failure);
      requests.push({ ...record, side: false, turn: undefined, failure });
      return adapter.encodeError(request, 400, failure);
    }
    cursor.next += 1;
    requests.push({ ...record, side: false, turn: cursor.next, failure: undefined });
    const answer =
      turn.error === undefined
        ? adapter.encodeTurn(request, turn, { nextId, turnNumber: cursor.next })
        : adapter.encodeError(request, turn.error.status, turn.error.message);
    return turn.delayMs === undefined ? answer : { ...answer, delayMs: turn.delayMs };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const raw = Buffer.concat(chunks).toString("utf8");
      let response: AdapterResponse & { delayMs?: number };
      try {
        response = handle({
          method: req.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          headers: flattenHeaders(req.headers),
          body: parseBody(raw),
        });
      } catch (error) {
        const failure = `model-server: internal error: ${error instanceof Error ? error.stack : String(error)}`;
        failures.push(failure);
        response = {
          status: 400,
          contentType: "application/json",
          body: JSON.stringify({ error: { message: failure } }),
        };
      }
      if (response.delayMs === undefined) {
        send(res, response);
        return;
      }
      // A scripted slow answer; a client that gave up has closed the socket by then.
      const answer = response;
      setTimeout(() => {
        if (!res.destroyed) send(res, answer);
      }, response.delayMs).unref();
    });
    req.on("error", () => res.destroy());
  });
  // Agents keep connections alive; without this, close() would wait for them to time out.
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    failures,
    turnRequests: () => requests.filter((r) => r.side === false && r.failure === undefined),
    remaining(conversation) {
      const selected =
        conversation === undefined ? [...cursors.values()] : [cursors.get(conversation)];
      return selected.reduce((sum, c) => sum + (c ? c.turns.length - c.next : 0), 0);
    },
    assertNoFailures() {
      if (failures.length > 0) throw new Error(failures.join("\n"));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, response: AdapterResponse): void {
  res.writeHead(response.status, {
    "content-type": response.contentType,
    "content-length": Buffer.byteLength(response.body),
    "request-id": `req_model_server_${Date.now()}`,
  });
  res.end(response.body);
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function parseBody(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function safeText(adapter: ApiAdapter, request: ModelRequest): string {
  try {
    return adapter.textOf(request);
  } catch {
    return typeof request.body === "string" ? request.body : JSON.stringify(request.body ?? "");
  }
}
