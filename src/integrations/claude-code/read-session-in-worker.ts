import { claudeCodeReader } from "../../agents/claude-code/claude-code-reader.ts";
import { readSessionBounded } from "../../agents/read-session-bounded.ts";
import type { Session } from "../../core/session.ts";
import type { HookContext } from "./hook-context.ts";
import type { HookInput } from "./read-hook-input.ts";

/**
 * Starts reading the hook's transcript in a worker thread, at once: the full read of a
 * large transcript is most of a PreCompact hook's time, and meanwhile the main thread
 * loads the summarizer, the store and the tokenizer and runs git. Null when stdin named
 * no transcript.
 */
export function startTranscriptRead(
  input: HookInput,
  context: HookContext,
): Promise<Session> | null {
  if (input.transcriptPath === null) return null;
  const path = input.transcriptPath;
  const reader = context.agent?.loadReader() ?? Promise.resolve(claudeCodeReader);
  const reading = reader.then((loaded) =>
    readSessionBounded(
      loaded,
      path,
      { env: { ...context.env }, homedir: context.homedir },
      "worker",
    ),
  );
  // Awaited later; a failure is reported there, not as an unhandled rejection now.
  reading.catch(() => undefined);
  return reading;
}
