import type { ToolCall } from "../../core/session.ts";

export type CallOutcome = "passed" | "failed" | "unfinished";

/**
 * How a tool call ended: by its exit code when it has one, else by its error flag. A call
 * that never got its result (still running, or the session ended first) neither passed nor
 * failed.
 */
export function callOutcome(call: ToolCall): CallOutcome {
  if (call.unfinished === true) return "unfinished";
  if (call.exitCode !== null) return call.exitCode === 0 ? "passed" : "failed";
  return call.isError ? "failed" : "passed";
}
