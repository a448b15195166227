import { clipLine } from "./clip-line.ts";
import type { SessionMessage, ToolCall } from "./session.ts";

/**
 * The last messages of a session as text for a person or a model (`baton read`,
 * `read_session`): each message capped, tool activity one line per call.
 */
export interface RenderMessagesOptions {
  maxMessageChars?: number;
  header?: string;
}

const ACTIVITY_CHARS = 160;

export function renderMessages(
  messages: readonly SessionMessage[],
  options: RenderMessagesOptions = {},
): string {
  const max = options.maxMessageChars ?? 2_000;
  const blocks: string[] = [];
  if (options.header) blocks.push(options.header);
  for (const message of messages) {
    const lines = [
      `[${message.role}]${message.at ? ` ${message.at.replace("T", " ").slice(0, 19)}` : ""}`,
    ];
    const text = message.text.trim();
    if (text.length > 0)
      lines.push(
        text.length > max ? `${text.slice(0, max)}… [${text.length - max} more characters]` : text,
      );
    for (const call of message.toolCalls) lines.push(`  → ${describeToolCall(call)}`);
    blocks.push(lines.join("\n"));
  }
  return `${blocks.join("\n\n")}\n`;
}

/** One line: what the tool did, on what, and how it ended. */
export function describeToolCall(call: ToolCall): string {
  const subject = call.command ?? call.paths[0] ?? inputSummary(call.input);
  const outcome =
    call.unfinished === true
      ? " (unfinished)"
      : call.exitCode !== null
        ? ` (exit ${call.exitCode})`
        : call.isError
          ? " (failed)"
          : call.output === null
            ? " (no result)"
            : "";
  const firstLine = call.isError && call.output ? ` — ${firstMeaningfulLine(call.output)}` : "";
  return clipLine(
    `${call.name}${subject ? `: ${oneLine(subject)}` : ""}${outcome}${firstLine}`,
    ACTIVITY_CHARS * 2,
  );
}

function inputSummary(input: unknown): string {
  if (typeof input !== "object" || input === null) return "";
  const record = input as Record<string, unknown>;
  for (const key of ["pattern", "query", "url", "description", "subject", "prompt"]) {
    const value = record[key];
    if (typeof value === "string" && value.length > 0) return value;
  }
  const json = JSON.stringify(input);
  return json === "{}" ? "" : json;
}

function firstMeaningfulLine(output: string): string {
  const line = output
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !/^Exit code:? -?\d+$/.test(l));
  return clipLine(line ?? "", ACTIVITY_CHARS);
}

/** Lines joined with a visible mark, so a multi-line command reads as one. */
function oneLine(text: string): string {
  return clipLine(text.replace(/\s*\n\s*/g, " ⏎ "), ACTIVITY_CHARS);
}
