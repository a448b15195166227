import { JsonCursor } from "../json-skip.ts";
import type { JsonObject } from "../json-values.ts";
import { LineSlimmer } from "../slim-json-line.ts";

/**
 * What the Copilot builder never reads, cut from a long `events.jsonl` line before
 * JSON.parse (see slim-json-line.ts):
 * - the whole `data` of the events it does not use, which are most of a log's bytes: the
 *   system prompt repeated each turn (`system.message`), the model-call records
 *   (`model.*`, one of them a snapshot of the whole conversation), `session.shutdown`'s
 *   accounting, hook and tool-start records;
 * - of a `tool.execution_complete`, the `toolTelemetry` and the result's `detailedContent`
 *   and `contents` (diffs and rich copies of what `content` says).
 * Null when there is nothing to cut or anything looks unusual: parse the line whole.
 */
export function slimCopilotRecord(bytes: Buffer, start: number, end: number): JsonObject | null {
  const slimmer = new LineSlimmer(bytes, start, end);
  const c = new JsonCursor(bytes, start, end);
  if (!c.enter(OPEN_BRACE)) return null;
  let type: string | null = null;
  let data: { from: number; to: number } | null = null;
  while (c.nextMember()) {
    const from = c.pos;
    const isType = c.keyIs("type");
    const isData = !isType && c.keyIs("data");
    // A repeated key: JSON.parse keeps the last one; do not guess which was cut.
    if ((isType && type !== null) || (isData && data !== null)) return null;
    if (!c.skip()) return null;
    if (isType) type = bytes[from] === QUOTE ? bytes.toString("utf8", from + 1, c.pos - 1) : "";
    if (isData) data = { from, to: c.pos };
  }
  if (c.failed || !c.atEnd() || type === null || data === null) return null;
  if (bytes[data.from] !== OPEN_BRACE) return null;
  if (isUnread(type)) slimmer.replace(data.from, data.to, "{}");
  else if (type === "tool.execution_complete" && !slimToolResult(slimmer, data.from, data.to))
    return null;
  if (!slimmer.changed) return null;
  return slimmer.parse();
}

const OPEN_BRACE = 0x7b;
const QUOTE = 0x22;

const UNREAD = new Set([
  "system.message",
  "session.shutdown",
  "tool.execution_start",
  "tool.execution_partial_result",
  "tool.execution_progress",
  "tool.shell_output",
  "assistant.reasoning",
]);

function isUnread(type: string): boolean {
  return UNREAD.has(type) || type.startsWith("model.") || type.startsWith("hook.");
}

/** Nulls `toolTelemetry`, and `detailedContent` and `contents` inside `result`. */
function slimToolResult(slimmer: LineSlimmer, from: number, to: number): boolean {
  const c = new JsonCursor(slimmer.bytes, from, to);
  if (!c.enter(OPEN_BRACE)) return false;
  const seen = new Set<string>();
  while (c.nextMember()) {
    const key = c.keyIs("toolTelemetry") ? "toolTelemetry" : c.keyIs("result") ? "result" : null;
    if (key !== null && seen.has(key)) return false;
    if (key !== null) seen.add(key);
    const at = c.pos;
    if (key === "result" && slimmer.bytes[at] === OPEN_BRACE) {
      if (!nullResultCopies(c, slimmer)) return false;
      continue;
    }
    if (!c.skip(key === "toolTelemetry")) return false;
    if (key === "toolTelemetry" && c.pos - at > 4) slimmer.replace(at, c.pos, "null");
  }
  return !c.failed;
}

function nullResultCopies(c: JsonCursor, slimmer: LineSlimmer): boolean {
  c.enter(OPEN_BRACE);
  const seen = new Set<string>();
  while (c.nextMember()) {
    const cut = c.keyIs("detailedContent") || c.keyIs("contents");
    const key = slimmer.bytes.toString("utf8", c.keyStart + 1, c.keyEnd - 1);
    if (seen.has(key)) return false;
    seen.add(key);
    const at = c.pos;
    if (!c.skip(cut)) return false;
    if (cut && c.pos - at > 4) slimmer.replace(at, c.pos, "null");
  }
  return !c.failed;
}
