/**
 * The one error base class of baton. Every deliberate failure carries a stable `code`
 * so the CLI can map it to an exit code and a one-line message, and callers can tell
 * baton's errors from bugs without `instanceof` across module copies.
 */
export type BatonErrorCode =
  | "usage"
  | "cancelled"
  | "not-found"
  | "parse"
  | "schema"
  | "store"
  | "git"
  | "conflict"
  | "io"
  | "input-too-large"
  | "agent";

const MARKER = Symbol.for("agent-baton.error");

export class BatonError extends Error {
  readonly code: BatonErrorCode;
  readonly [MARKER] = true;

  constructor(code: BatonErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BatonError";
    this.code = code;
  }

  static is(value: unknown): value is BatonError {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true
    );
  }
}

/** The result of an expected per-record failure: returned, never thrown. */
export type Result<T, E = BatonError> = { ok: true; value: T } | { ok: false; error: E };

/** An error's message, or whatever was thrown, as one string for a log line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
