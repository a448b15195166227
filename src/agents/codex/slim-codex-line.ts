import { MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { JsonCursor } from "../json-skip.ts";
import type { JsonObject } from "../json-values.ts";
import { CUT_MIN_BYTES, type CutPath, LineSlimmer } from "../slim-json-line.ts";

/**
 * What the Codex builder never reads, cut from a long rollout line before JSON.parse:
 * - `base_instructions` of session_meta (the whole system prompt) and the
 *   `replacement_history` of a compaction;
 * - of an event_msg, all but its `type`, `info` (token_count), `message` and `item`
 *   (prompts and replies, read when no response item carries them), `call_id` and
 *   `exit_code` (exec_command_end): the other members repeat tool output; of a
 *   turn_context, all but `cwd`, `model` and `collaboration_mode`; of world_state and
 *   token_usage_record, everything (their payloads are not read);
 * - in response items, the `image_url` of content blocks (data URLs of images) and
 *   `encrypted_content` (reasoning);
 * - a tool output's text beyond its first MAX_OUTPUT_CHARS characters, its full length
 *   noted (slim-json-line.ts), unless it starts with `{`: a JSON envelope keeps its exit
 *   code at the end.
 * Null when there is nothing to cut or anything looks unusual: parse the line whole.
 */
export function slimCodexRecord(bytes: Buffer, start: number, end: number): JsonObject | null {
  const slimmer = new LineSlimmer(bytes, start, end);
  const c = new JsonCursor(bytes, start, end);
  if (!c.enter(OPEN_BRACE)) return null;
  let type: string | null = null;
  let payload = -1;
  while (c.nextMember()) {
    const from = c.pos;
    const isType = c.keyIs("type");
    const isPayload = !isType && c.keyIs("payload");
    // A repeated key: JSON.parse keeps the last one; do not guess which was cut.
    if ((isType && type !== null) || (isPayload && payload !== -1)) return null;
    if (!c.skip()) return null;
    if (isType) type = bytes[from] === QUOTE ? bytes.toString("utf8", from + 1, c.pos - 1) : "";
    if (isPayload) payload = from;
  }
  if (c.failed || !c.atEnd() || payload === -1) return null;
  const p = new JsonCursor(bytes, payload, end);
  if (!p.enter(OPEN_BRACE)) return null;
  const ok =
    type === "response_item"
      ? slimItem(p, slimmer)
      : type === "event_msg"
        ? nullMembers(p, slimmer, (key) => !KEPT_EVENT_KEYS.has(key))
        : type === "session_meta"
          ? nullMembers(p, slimmer, (key) => key === "base_instructions")
          : type === "compacted"
            ? nullMembers(p, slimmer, (key) => key === "replacement_history")
            : type === "turn_context"
              ? nullMembers(p, slimmer, (key) => !KEPT_TURN_KEYS.has(key))
              : (type === "world_state" || type === "token_usage_record") &&
                nullMembers(p, slimmer, () => true);
  if (!ok || !slimmer.changed) return null;
  return slimmer.parse();
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** token_count's `info`; prompts, replies and exit codes of the events the builder reads. */
const KEPT_EVENT_KEYS = new Set(["type", "info", "message", "item", "call_id", "exit_code"]);
const KEPT_TURN_KEYS = new Set(["cwd", "model", "collaboration_mode"]);

/** The current member's key, when it is one of the few this module acts on. */
function keyOf(c: JsonCursor, keys: readonly string[]): string | null {
  for (const key of keys) if (c.keyIs(key)) return key;
  return null;
}

/** Replaces by null the members of the object the cursor is in whose key `cut` names. */
function nullMembers(c: JsonCursor, slimmer: LineSlimmer, cut: (key: string) => boolean): boolean {
  const seen = new Set<string>();
  while (c.nextMember()) {
    const key = c.bytes.toString("utf8", c.keyStart + 1, c.keyEnd - 1);
    if (seen.has(key)) return false;
    seen.add(key);
    const from = c.pos;
    if (!c.skip(cut(key))) return false;
    if (cut(key) && c.pos - from > 4) slimmer.replace(from, c.pos, "null");
  }
  return !c.failed;
}

const ITEM_KEYS = ["type", "output", "content", "encrypted_content"] as const;

function slimItem(c: JsonCursor, slimmer: LineSlimmer): boolean {
  const { bytes } = c;
  const seen = new Set<string>();
  let type: string | null = null;
  /** The output text to cut once the item's type is known, and the object holding it. */
  let output: { from: number; to: number; path: CutPath } | null = null;
  while (c.nextMember()) {
    const key = keyOf(c, ITEM_KEYS);
    if (key !== null && seen.has(key)) return false;
    if (key !== null) seen.add(key);
    const from = c.pos;
    if (key === "encrypted_content") {
      if (!c.skip(true)) return false;
      slimmer.replace(from, c.pos, "null");
    } else if (key === "content" && bytes[from] === OPEN_BRACKET) {
      if (!slimBlocks(c, slimmer)) return false;
    } else if (key === "output" && bytes[from] === OPEN_BRACE) {
      const content = outputContent(c);
      if (content === null) return false;
      if (content !== undefined) output = { ...content, path: ["payload", "output"] };
    } else {
      if (!c.skip()) return false;
      if (key === "type" && bytes[from] === QUOTE)
        type = bytes.toString("utf8", from + 1, c.pos - 1);
      if (key === "output" && bytes[from] === QUOTE)
        output = { from, to: c.pos, path: ["payload"] };
    }
  }
  if (c.failed) return false;
  if (output && (type === "function_call_output" || type === "custom_tool_call_output"))
    return cutOutput(slimmer, output.from, output.to, output.path);
  return true;
}

/** The span of `content` in a tool output object; undefined without one, null on failure. */
function outputContent(c: JsonCursor): { from: number; to: number } | undefined | null {
  c.enter(OPEN_BRACE);
  let span: { from: number; to: number } | undefined;
  let seen = false;
  while (c.nextMember()) {
    const from = c.pos;
    const isContent = c.keyIs("content");
    if (isContent && seen) return null;
    seen ||= isContent;
    if (!c.skip()) return null;
    if (isContent && c.bytes[from] === QUOTE) span = { from, to: c.pos };
  }
  return c.failed ? null : span;
}

/** A message's content blocks: each one's `image_url` goes. */
function slimBlocks(c: JsonCursor, slimmer: LineSlimmer): boolean {
  c.enter(OPEN_BRACKET);
  while (c.nextElement()) {
    if (!c.enter(OPEN_BRACE)) {
      if (!c.skip()) return false;
      continue;
    }
    let seen = false;
    while (c.nextMember()) {
      const isImage = c.keyIs("image_url");
      if (isImage && seen) return c.fail();
      seen ||= isImage;
      const from = c.pos;
      if (!c.skip(isImage)) return false;
      if (isImage) slimmer.replace(from, c.pos, "null");
    }
    if (c.failed) return false;
  }
  return !c.failed;
}

function cutOutput(slimmer: LineSlimmer, from: number, to: number, path: CutPath): boolean {
  const first = slimmer.bytes[from + 1];
  // `\u007b` would spell a `{` too.
  if (to - from < CUT_MIN_BYTES || first === OPEN_BRACE || first === BACKSLASH) return true;
  return slimmer.cutString(from, to, MAX_OUTPUT_CHARS, path);
}
