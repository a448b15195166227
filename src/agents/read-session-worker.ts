import { parentPort, workerData } from "node:worker_threads";
import { BatonError } from "../core/errors.ts";
import type { AgentReader } from "./agent-reader.ts";
import type { SessionReadAnswer, SessionReadRequest } from "./read-session-bounded.ts";

// The worker half of readSessionBounded: one session read, answered once.
const request = workerData as SessionReadRequest;
let answer: SessionReadAnswer;
try {
  const exports = (await import(request.source)) as Record<string, unknown>;
  const reader = Object.values(exports).find(
    (value): value is AgentReader =>
      typeof value === "object" && value !== null && (value as AgentReader).agent === request.agent,
  );
  // Not the reader's failure: the caller reads in its own thread instead.
  if (reader === undefined) process.exit(1);
  answer = { session: await reader.readSession(request.location, request.context) };
} catch (error) {
  answer = {
    error: error instanceof Error ? error.message : String(error),
    code: BatonError.is(error) ? error.code : null,
  };
}
parentPort?.postMessage(answer);
