/**
 * The interface between the model server's core and one wire API. See the note at the
 * top of start-model-server.ts for how to add an adapter.
 */
import type { Turn } from "./script.ts";

export interface ModelRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown;
}

export interface AdapterResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Ids unique within one server, so tool-call ids never collide across turns. */
export interface EncodeContext {
  nextId(prefix: string): string;
  /**
   * 1-based number of the turn being encoded within its conversation; for a side request,
   * the number of turns consumed so far.
   */
  readonly turnNumber: number;
  /** For side requests: the test's own answer for this reason (`sideReplies`), if any. */
  readonly sideReply?: string;
}

export interface ApiAdapter {
  /** Recorded as `RecordedRequest.api`, e.g. "anthropic-messages". */
  readonly name: string;
  matches(method: string, path: string): boolean;
  /**
   * A short reason ("count_tokens", "title", "quota", …) when the request is a side
   * request the agent makes on its own; undefined when it is a turn of the conversation.
   */
  sideRequest(request: ModelRequest): string | undefined;
  answerSide(request: ModelRequest, reason: string, context: EncodeContext): AdapterResponse;
  /** All message text of the request (system, user, assistant, tool results) flattened. */
  textOf(request: ModelRequest): string;
  /** The conversation the request belongs to, when the wire format says so. */
  sessionOf?(request: ModelRequest): string | undefined;
  encodeTurn(request: ModelRequest, turn: Turn, context: EncodeContext): AdapterResponse;
  encodeError(request: ModelRequest, status: number, message: string): AdapterResponse;
}

/** Concatenates the text of loosely typed content: strings, `{text}` parts, arrays, tool results. */
export function flattenContent(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map(flattenContent).filter(Boolean).join("\n");
  if (content && typeof content === "object") {
    const part = content as Record<string, unknown>;
    const pieces: string[] = [];
    for (const key of ["text", "content", "output", "input", "arguments"]) {
      const value = part[key];
      if (value === undefined) continue;
      pieces.push(
        typeof value === "object" && key === "input"
          ? JSON.stringify(value)
          : flattenContent(value),
      );
    }
    return pieces.filter(Boolean).join("\n");
  }
  return "";
}
