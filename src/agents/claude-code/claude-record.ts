import { isObject, type JsonObject } from "../json-values.ts";
import { fullLength } from "../slim-json-line.ts";

/**
 * Loose views of Claude Code transcript records: every field optional, every shape
 * checked before use, because the format drifts between versions.
 */
/** Text of a tool_result's content: a string, or an array of text (and image) blocks. */
export function toolResultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const parts: string[] = [];
  for (const block of content) {
    if (isObject(block) && block.type === "text" && typeof block.text === "string")
      parts.push(block.text);
    else if (isObject(block) && block.type === "image") parts.push("[image]");
  }
  return parts.join("\n");
}

/**
 * A tool result's output as toolResultText joins it, with its full length: the fast path
 * may have kept only the start of a long text (slim-json-line.ts).
 */
export function toolResultOutput(block: JsonObject): { text: string; length: number } {
  const content = block.content;
  if (typeof content === "string") return { text: content, length: fullLength(block, content) };
  if (!Array.isArray(content)) return { text: "", length: 0 };
  const parts: string[] = [];
  let length = 0;
  for (const part of content) {
    if (isObject(part) && part.type === "text" && typeof part.text === "string") {
      parts.push(part.text);
      length += fullLength(part, part.text);
    } else if (isObject(part) && part.type === "image") {
      parts.push("[image]");
      length += "[image]".length;
    }
  }
  length += Math.max(0, parts.length - 1);
  return { text: parts.join("\n"), length };
}

const INJECTED_PREFIXES = [
  "<system-reminder>",
  "<local-command-stdout>",
  "<local-command-stderr>",
  "<local-command-caveat>",
];

/**
 * The text a person typed in a user record, or null when the record is not a human turn
 * (tool results, injected meta records, compaction summaries, system reminders).
 */
export function humanText(record: JsonObject): string | null {
  if (record.isMeta === true || record.isCompactSummary === true) return null;
  const message = record.message;
  if (!isObject(message)) return null;
  const content = message.content;
  const texts: string[] = [];
  if (typeof content === "string") texts.push(content);
  else if (Array.isArray(content)) {
    for (const block of content) {
      if (!isObject(block)) continue;
      if (block.type === "tool_result") return null;
      if (block.type === "text" && typeof block.text === "string") texts.push(block.text);
    }
  }
  const kept = texts
    .map((text) => slashCommandText(text) ?? text)
    .filter((text) => !INJECTED_PREFIXES.some((prefix) => text.trimStart().startsWith(prefix)));
  const joined = kept.join("\n").trim();
  return joined.length > 0 ? joined : null;
}

/** `<command-name>/compact</command-name>…<command-args>x</command-args>` → `/compact x`. */
function slashCommandText(text: string): string | null {
  const name = /<command-name>([^<]*)<\/command-name>/.exec(text)?.[1];
  if (!name) return null;
  const args = /<command-args>([^<]*)<\/command-args>/.exec(text)?.[1]?.trim();
  return args ? `${name.trim()} ${args}` : name.trim();
}

/** Claude Code reports a failed shell command as `Exit code N` at the start of the result. */
export function shellExitCode(output: string, isError: boolean): number | null {
  const match = /^\s*Exit code:? (-?\d+)/.exec(output);
  if (match) return Number(match[1]);
  return isError ? null : 0;
}
