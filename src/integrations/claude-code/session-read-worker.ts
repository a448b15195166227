import { parentPort, workerData } from "node:worker_threads";
import { claudeCodeReader } from "../../agents/claude-code/claude-code-reader.ts";
import type { SessionReadRequest } from "./read-session-in-worker.ts";

// The worker half of readSessionInWorker: one transcript read, answered once.
const request = workerData as SessionReadRequest;
try {
  const session = await claudeCodeReader.readSession(request.path, {
    env: request.env,
    homedir: request.homedir,
  });
  parentPort?.postMessage({ session });
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
