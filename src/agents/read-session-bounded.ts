import { stat } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { BatonError, type BatonErrorCode } from "../core/errors.ts";
import type { Session } from "../core/session.ts";
import type { AgentReader, ReaderContext } from "./agent-reader.ts";

/** What the worker is asked: one session, read whole by the reader its module exports. */
export interface SessionReadRequest {
  /** The reader's module (`AgentReader.source`) and its agent, to find it there. */
  source: string;
  agent: string;
  location: string;
  context: ReaderContext;
}

/** The worker's one answer. */
export type SessionReadAnswer =
  | { session: Session }
  | { error: string; code: BatonErrorCode | null };

/**
 * Files at least this big are read in a worker whose heap is bounded: below it a worker's
 * start (about 30 ms) costs more than the memory it saves.
 */
export const WORKER_FROM_BYTES = 32 << 20;

/**
 * The worker's V8 heap limits. A full parse keeps a window of messages and running totals
 * (10–15 MB live at any size) but allocates a string and an object per line; left to its
 * defaults V8 grows the young generation and postpones major collections, and the peak
 * RSS grows with the file (about 315 MB for 500 MB). Small limits make it collect early,
 * keeping the whole process near 145 MB at 500 MB and at 1 GB (`npm run bench`). A 16 MB
 * young generation rather than 8 parses about a tenth faster (1 GB: 3.5 s against 3.9 s,
 * alternating runs) for 3–4 MB more.
 */
export const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 48 };

export type ReadPlace = "auto" | "worker";

/**
 * Reads a session whole, as `reader.readSession` does, with memory that stays flat in the
 * session's size: a large file ("auto"), or any file when the caller wants the main thread
 * free meanwhile ("worker", as the pre-compaction hook does), is read in a worker thread
 * with a bounded heap. A session the bounded heap cannot hold (the worker runs out of
 * memory) or a worker that cannot start is read again here, unbounded: nothing is lost.
 * A reader that does not name its module (`source`) is always read here.
 */
export async function readSessionBounded(
  reader: AgentReader,
  location: string,
  context: ReaderContext,
  place: ReadPlace = "auto",
): Promise<Session> {
  if (reader.source === undefined || (place === "auto" && !(await isLargeFile(location)))) {
    return reader.readSession(location, context);
  }
  const answer = await askWorker({ source: reader.source, agent: reader.agent, location, context });
  if (answer === null) return reader.readSession(location, context);
  if ("session" in answer) return answer.session;
  throw answer.code === null ? new Error(answer.error) : new BatonError(answer.code, answer.error);
}

async function isLargeFile(location: string): Promise<boolean> {
  const info = await stat(location).catch(() => null);
  return info?.isFile() === true && info.size >= WORKER_FROM_BYTES;
}

/**
 * The worker's answer, or null when the worker itself failed (out of memory, could not
 * start, died): the caller then reads in this thread. The worker script is the `.ts` or
 * `.js` sibling of this file, whichever this copy of baton runs from.
 */
function askWorker(request: SessionReadRequest): Promise<SessionReadAnswer | null> {
  const extension = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL(`./read-session-worker.${extension}`, import.meta.url), {
        workerData: request,
        resourceLimits: WORKER_HEAP_LIMITS,
        stdout: true,
        stderr: true,
      });
    } catch {
      resolve(null);
      return;
    }
    worker.once("message", (answer: SessionReadAnswer) => resolve(answer));
    worker.once("error", () => resolve(null));
    worker.once("exit", () => resolve(null));
  });
}
