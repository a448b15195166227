import { MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { JsonCursor } from "../json-skip.ts";
import type { JsonObject } from "../json-values.ts";
import { CUT_MIN_BYTES, type CutPath, LineSlimmer } from "../slim-json-line.ts";

/**
 * What the Claude Code builder never reads, cut from a long record before JSON.parse:
 * - `toolUseResult` (a structured copy of the tool's output, with e.g. the whole
 *   `originalFile` of an edit): only its `type` (Write's "create") and `task.id` stay;
 * - `attachment`: only the envelope around it is read;
 * - the `source` of every content block and of the blocks in a block's own content
 *   (base64 images and documents, in a prompt or in a tool result);
 * - the text of a tool result beyond its first MAX_OUTPUT_CHARS characters, its full
 *   length noted (see slim-json-line.ts).
 * Null when there is nothing to cut or anything looks unusual: parse the line whole.
 */
export function slimClaudeRecord(bytes: Buffer, start: number, end: number): JsonObject | null {
  const slimmer = new LineSlimmer(bytes, start, end);
  const c = new JsonCursor(bytes, start, end);
  if (!c.enter(OPEN_BRACE)) return null;
  let seen = 0;
  while (c.nextMember()) {
    const key = topKey(c);
    // A repeated key: JSON.parse keeps the last one; do not guess which was cut.
    if (key !== 0 && (seen & key) !== 0) return null;
    seen |= key;
    const ok =
      key === MESSAGE
        ? slimMessage(c, slimmer)
        : key === TOOL_USE_RESULT
          ? slimToolUseResult(c, slimmer)
          : key === ATTACHMENT
            ? replaceValue(c, slimmer, "null")
            : c.skip();
    if (!ok) return null;
  }
  if (c.failed || !c.atEnd() || !slimmer.changed) return null;
  return slimmer.parse();
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const QUOTE = 0x22;

const MESSAGE = 1;
const TOOL_USE_RESULT = 2;
const ATTACHMENT = 4;

function topKey(c: JsonCursor): number {
  if (c.keyIs("message")) return MESSAGE;
  if (c.keyIs("toolUseResult")) return TOOL_USE_RESULT;
  if (c.keyIs("attachment")) return ATTACHMENT;
  return 0;
}

function replaceValue(c: JsonCursor, slimmer: LineSlimmer, json: string): boolean {
  const from = c.pos;
  if (!c.skip(true)) return false;
  slimmer.replace(from, c.pos, json);
  return true;
}

function slimMessage(c: JsonCursor, slimmer: LineSlimmer): boolean {
  if (!c.enter(OPEN_BRACE)) return c.skip();
  let seenContent = false;
  while (c.nextMember()) {
    if (!c.keyIs("content")) {
      if (!c.skip()) return false;
      continue;
    }
    if (seenContent) return c.fail();
    seenContent = true;
    if (!c.enter(OPEN_BRACKET)) {
      if (!c.skip()) return false;
      continue;
    }
    for (let index = 0; c.nextElement(); index++) {
      if (!slimBlock(c, slimmer, index)) return false;
    }
    if (c.failed) return false;
  }
  return !c.failed;
}

/** A content block: its `source` goes; a tool result's long texts are cut. */
function slimBlock(c: JsonCursor, slimmer: LineSlimmer, index: number): boolean {
  if (!c.enter(OPEN_BRACE)) return c.skip();
  let type: string | null = null;
  let seen = 0;
  let content: [number, number] | null = null;
  // Text blocks inside a tool result's content, cut once the block's type is known.
  const texts: { from: number; to: number; index: number }[] = [];
  while (c.nextMember()) {
    const key = blockKey(c);
    if (key !== 0 && (seen & key) !== 0) return c.fail();
    seen |= key;
    const from = c.pos;
    if (key === SOURCE) {
      if (!replaceValue(c, slimmer, "null")) return false;
    } else if (key === CONTENT && c.bytes[from] === OPEN_BRACKET) {
      c.enter(OPEN_BRACKET);
      for (let inner = 0; c.nextElement(); inner++) {
        const text = slimInnerBlock(c, slimmer);
        if (text === null) return false;
        if (text !== undefined) texts.push({ ...text, index: inner });
      }
      if (c.failed) return false;
    } else {
      if (!c.skip()) return false;
      if (key === TYPE && c.bytes[from] === QUOTE)
        type = c.bytes.toString("utf8", from + 1, c.pos - 1);
      if (key === CONTENT && c.bytes[from] === QUOTE) content = [from, c.pos];
    }
  }
  if (c.failed) return false;
  if (type !== "tool_result") return true;
  const path = ["message", "content", index];
  if (content && !cutText(slimmer, content[0], content[1], path)) return c.fail();
  for (const text of texts)
    if (!cutText(slimmer, text.from, text.to, [...path, "content", text.index])) return c.fail();
  return true;
}

const TYPE = 1;
const SOURCE = 2;
const CONTENT = 4;
const TEXT = 8;

function blockKey(c: JsonCursor): number {
  if (c.keyIs("type")) return TYPE;
  if (c.keyIs("source")) return SOURCE;
  if (c.keyIs("content")) return CONTENT;
  if (c.keyIs("text")) return TEXT;
  return 0;
}

/**
 * A block inside a tool result's content: its `source` goes. The span of its text when
 * it is a text block, undefined when not, null when the walk gave up.
 */
function slimInnerBlock(
  c: JsonCursor,
  slimmer: LineSlimmer,
): { from: number; to: number } | undefined | null {
  if (!c.enter(OPEN_BRACE)) return c.skip() ? undefined : null;
  let type: string | null = null;
  let text: { from: number; to: number } | undefined;
  let seen = 0;
  while (c.nextMember()) {
    const key = blockKey(c);
    if (key !== 0 && (seen & key) !== 0) return c.fail() || null;
    seen |= key;
    const from = c.pos;
    if (key === SOURCE) {
      if (!replaceValue(c, slimmer, "null")) return null;
      continue;
    }
    if (!c.skip()) return null;
    if (key === TYPE && c.bytes[from] === QUOTE)
      type = c.bytes.toString("utf8", from + 1, c.pos - 1);
    if (key === TEXT && c.bytes[from] === QUOTE) text = { from, to: c.pos };
  }
  if (c.failed) return null;
  return type === "text" ? text : undefined;
}

function cutText(slimmer: LineSlimmer, from: number, to: number, path: CutPath): boolean {
  if (to - from < CUT_MIN_BYTES) return true;
  return slimmer.cutString(from, to, MAX_OUTPUT_CHARS, path);
}

/** Keeps of `toolUseResult` what the builder reads: `type` and `task.id`. */
function slimToolUseResult(c: JsonCursor, slimmer: LineSlimmer): boolean {
  const from = c.pos;
  if (!c.enter(OPEN_BRACE)) return replaceValue(c, slimmer, "null");
  const kept: string[] = [];
  let seen = 0;
  while (c.nextMember()) {
    const key = c.keyIs("type") ? TYPE : c.keyIs("task") ? CONTENT : 0;
    if (key !== 0 && (seen & key) !== 0) return c.fail();
    seen |= key;
    const value = c.pos;
    if (key === CONTENT && c.bytes[value] === OPEN_BRACE) {
      const id = taskId(c);
      if (id === null) return false;
      if (id !== undefined) kept.push(`"task":{"id":${id}}`);
      continue;
    }
    if (!c.skip(true)) return false;
    if (key === TYPE && c.bytes[value] === QUOTE)
      kept.push(`"type":${c.bytes.toString("utf8", value, c.pos)}`);
  }
  if (c.failed) return false;
  slimmer.replace(from, c.pos, `{${kept.join(",")}}`);
  return true;
}

/** The raw JSON string of a task's `id`; undefined without one, null when the walk gave up. */
function taskId(c: JsonCursor): string | undefined | null {
  c.enter(OPEN_BRACE);
  let id: string | undefined;
  let seen = false;
  while (c.nextMember()) {
    const value = c.pos;
    const isId = c.keyIs("id");
    if (isId && seen) return c.fail() || null;
    seen ||= isId;
    if (!c.skip(true)) return null;
    if (isId && c.bytes[value] === QUOTE) id = c.bytes.toString("utf8", value, c.pos);
  }
  return c.failed ? null : id;
}
