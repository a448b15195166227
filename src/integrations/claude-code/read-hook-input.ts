import type { Readable } from "node:stream";

/** What Claude Code sends a command hook on stdin, read loosely: unknown fields are ignored. */
export interface HookInput {
  sessionId: string | null;
  transcriptPath: string | null;
  cwd: string | null;
  eventName: string | null;
  /** SessionStart: startup, resume, clear, compact (fork since 2.1.214). */
  source: string | null;
  /** PreCompact / PostCompact: manual or auto. */
  trigger: string | null;
  /** PostCompact: the summary Claude Code generated. */
  compactSummary: string | null;
  model: string | null;
}

export const STDIN_TIMEOUT_MS = 2000;
/** A hook's stdin is a few hundred bytes; PostCompact's summary some kilobytes. */
const MAX_STDIN_BYTES = 4 * 1024 * 1024;

/**
 * Reads the hook's stdin to its end, but never waits longer than `timeoutMs` nor takes
 * more than a few megabytes: a hook that hangs on an open pipe would stall the session.
 */
export function readStdinWithTimeout(
  stdin: Readable,
  timeoutMs = STDIN_TIMEOUT_MS,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      stdin.off("error", onError);
      stdin.pause();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > MAX_STDIN_BYTES) {
        stdin.destroy();
        finish(new Error(`stdin is over ${MAX_STDIN_BYTES} bytes`));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => finish();
    const onError = (error: Error) => finish(error);
    const timer = setTimeout(() => {
      // An unended pipe would keep the process alive; let it go.
      stdin.destroy();
      finish(new Error(`no end of stdin within ${timeoutMs} ms`));
    }, timeoutMs);
    stdin.on("data", onData);
    stdin.once("end", onEnd);
    stdin.once("error", onError);
  });
}

/**
 * A hook's stdin as a JSON object (empty stdin is an empty one), read by field: a string
 * field that is absent, empty or of another type is null. Throws for any other JSON.
 */
export function hookFields(text: string): (key: string) => string | null {
  const trimmed = text.trim();
  const value: unknown = trimmed === "" ? {} : JSON.parse(trimmed);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("stdin is not a JSON object");
  }
  const record = value as Record<string, unknown>;
  return (key) => {
    const field = record[key];
    return typeof field === "string" && field !== "" ? field : null;
  };
}

export function parseHookInput(text: string): HookInput {
  const str = hookFields(text);
  return {
    sessionId: str("session_id"),
    transcriptPath: str("transcript_path"),
    cwd: str("cwd"),
    eventName: str("hook_event_name"),
    source: str("source"),
    trigger: str("trigger"),
    compactSummary: str("compact_summary"),
    model: str("model"),
  };
}
