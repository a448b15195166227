import { Worker } from "node:worker_threads";
import type { Session } from "../../core/session.ts";
import type { HookContext } from "./hook-context.ts";
import type { HookInput } from "./read-hook-input.ts";

export interface SessionReadRequest {
  path: string;
  env: Record<string, string | undefined>;
  homedir: string;
}

/**
 * Reads a Claude Code transcript in a worker thread, started at once: the full read of a
 * large transcript is most of a PreCompact hook's time, and meanwhile the main thread
 * loads the summarizer, the store and the tokenizer and runs git. The worker script is
 * the `.ts` or `.js` sibling of this file, whichever this copy of baton runs from.
 */
export function readSessionInWorker(request: SessionReadRequest): Promise<Session> {
  const extension = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`./session-read-worker.${extension}`, import.meta.url), {
      workerData: request,
    });
    worker.once("message", (message: { session?: Session; error?: string }) => {
      if (message.session) resolve(message.session);
      else reject(new Error(message.error ?? "the transcript reader stopped without an answer"));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the transcript reader exited with ${code}`));
    });
  });
}

/** Starts reading the hook's transcript; null when stdin named none. */
export function startTranscriptRead(
  input: HookInput,
  context: HookContext,
): Promise<Session> | null {
  if (input.transcriptPath === null) return null;
  const reading = readSessionInWorker({
    path: input.transcriptPath,
    env: { ...context.env },
    homedir: context.homedir,
  });
  // Awaited later; a failure is reported there, not as an unhandled rejection now.
  reading.catch(() => undefined);
  return reading;
}
