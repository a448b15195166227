import { stat } from "node:fs/promises";

/** How long sessionEnd waits for Copilot to write the session's events.jsonl. */
export const TRANSCRIPT_WAIT_MS = 2000;
const POLL_MS = 50;

/**
 * Copilot CLI 1.0.102 runs sessionEnd before it has written the session's `events.jsonl`
 * (in `copilot -p` the file appears some tens of milliseconds later): a hook that starts
 * fast finds no transcript. This waits until the file is there and its size has held for
 * two polls in a row, or `waitMs` has passed; true when there is a transcript to read.
 */
export async function awaitTranscript(path: string, waitMs = TRANSCRIPT_WAIT_MS): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  let last = -1;
  for (;;) {
    const size = await stat(path).then(
      (info) => info.size,
      () => -1,
    );
    if (size >= 0 && size === last) return true;
    if (Date.now() >= deadline) return size >= 0;
    last = size;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
