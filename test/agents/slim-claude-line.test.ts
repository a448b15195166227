import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_OUTPUT_CHARS } from "../../src/agents/cap-text.ts";
import { slimClaudeRecord } from "../../src/agents/claude-code/slim-claude-line.ts";
import { isObject, type JsonObject } from "../../src/agents/json-values.ts";
import { CUT_MIN_BYTES, fullLength } from "../../src/agents/slim-json-line.ts";

/**
 * The fast path must hand the Claude Code builder exactly what a plain JSON.parse would,
 * as far as the builder reads: `project` keeps that and nothing else, so for any record
 * project(slim(line)) must equal project(JSON.parse(line)), and everything else of the
 * record must come through untouched.
 */
function project(record: JsonObject): JsonObject {
  const out: JsonObject = { ...record };
  if ("attachment" in out) out.attachment = null;
  if ("toolUseResult" in out) out.toolUseResult = projectToolUseResult(out.toolUseResult);
  if (isObject(out.message) && Array.isArray(out.message.content)) {
    out.message = {
      ...out.message,
      content: out.message.content.map((block) => (isObject(block) ? projectBlock(block) : block)),
    };
  }
  return out;
}

function projectToolUseResult(value: unknown): unknown {
  if (!isObject(value)) return null;
  const kept: JsonObject = {};
  if (typeof value.type === "string") kept.type = value.type;
  if (isObject(value.task) && typeof value.task.id === "string") kept.task = { id: value.task.id };
  return kept;
}

/** A text as the builder sees it: its first MAX_OUTPUT_CHARS characters and its length. */
const seen = (holder: JsonObject, text: string) => ({
  head: text.slice(0, MAX_OUTPUT_CHARS),
  length: fullLength(holder, text),
});

/** A copy without the fast path's symbol: what it notes is compared through `seen`. */
const copy = (object: JsonObject): JsonObject => Object.fromEntries(Object.entries(object));

function projectBlock(block: JsonObject): JsonObject {
  const out = copy(block);
  if ("source" in out) out.source = null;
  if (typeof out.content === "string" && out.type === "tool_result")
    out.content = seen(block, out.content);
  else if (Array.isArray(out.content))
    out.content = out.content.map((inner) => {
      if (!isObject(inner)) return inner;
      const kept = copy(inner);
      if ("source" in kept) kept.source = null;
      if (out.type === "tool_result" && kept.type === "text" && typeof kept.text === "string")
        kept.text = seen(inner, kept.text);
      return kept;
    });
  return out;
}

const text = fc.string({ unit: "binary", maxLength: 40 });
/** Long texts, sometimes long enough to be cut: escapes, quotes, astral characters and all. */
const longText = fc
  .tuple(
    fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
    fc.integer({ min: 1, max: 4000 }),
  )
  .map(([unit, times]) => unit.repeat(times));
/** Texts long enough to be cut (CUT_MIN_BYTES), most of the time. */
const cutText = fc
  .tuple(
    fc.string({ unit: "binary", minLength: 4, maxLength: 12 }),
    fc.integer({ min: 1500, max: 6000 }),
  )
  .map(([unit, times]) => unit.repeat(times));
const anyText = fc.oneof(text, longText);
const json = fc.jsonValue({ maxDepth: 3 }).map((value) => value ?? null);
const extras = fc.dictionary(
  fc.constantFrom("uuid", "timestamp", "cwd", "isMeta", "x", "sessionId", "role", "id", "name"),
  json,
);

const imageBlock = fc.record({
  type: fc.constant("image"),
  source: fc.oneof(
    fc.record({ type: fc.constant("base64"), media_type: text, data: anyText }),
    json,
  ),
});
const textBlock = fc.record({ type: fc.constant("text"), text: fc.oneof(anyText, cutText) });
const toolResultBlock = fc.record(
  {
    type: fc.constant("tool_result"),
    tool_use_id: text,
    is_error: fc.boolean(),
    content: fc.oneof(
      anyText,
      cutText,
      fc.array(fc.oneof(textBlock, imageBlock, json), { maxLength: 4 }),
      json,
    ),
  },
  { requiredKeys: ["type"] },
);
const toolUseBlock = fc.record({
  type: fc.constant("tool_use"),
  id: text,
  name: text,
  input: fc.dictionary(fc.constantFrom("source", "content", "text", "file_path"), json),
});
/** Other blocks with content of their own (search results, documents): only sources go. */
const nestingBlock = fc.record({
  type: fc.constantFrom("search_result", "document", "text"),
  text: anyText,
  content: fc.array(fc.oneof(textBlock, imageBlock, json), { maxLength: 3 }),
});
const block = fc
  .tuple(fc.oneof(textBlock, imageBlock, toolResultBlock, toolUseBlock, nestingBlock, json), extras)
  .map(([value, more]) => (isObject(value) ? { ...more, ...value } : value));

const record = fc
  .record(
    {
      type: fc.constantFrom("user", "assistant", "attachment", "system"),
      message: fc.oneof(
        fc.record({
          role: text,
          content: fc.oneof(anyText, fc.array(block, { maxLength: 5 })),
        }),
        json,
      ),
      toolUseResult: fc.oneof(
        json,
        fc.record(
          {
            type: fc.oneof(fc.constantFrom("create", "update"), json),
            task: fc.oneof(fc.record({ id: fc.oneof(text, json), subject: text }), json),
            originalFile: anyText,
            file: fc.record({ content: anyText, filePath: text }),
          },
          { requiredKeys: [] },
        ),
      ),
      attachment: json,
    },
    { requiredKeys: ["type"] },
  )
  .chain((base) => extras.map((more) => ({ ...more, ...base })));

/** A user record of tool results, the kind whose texts get cut. */
const toolResultRecord = fc
  .tuple(fc.array(fc.oneof(toolResultBlock, block), { minLength: 1, maxLength: 3 }), extras)
  .map(([content, more]) => ({ ...more, type: "user", message: { role: "user", content } }));

function hasCutText(record: JsonObject): boolean {
  const blocks = isObject(record.message) ? record.message.content : null;
  if (!Array.isArray(blocks)) return false;
  const noted = (value: unknown) =>
    isObject(value) && Object.getOwnPropertySymbols(value).length > 0;
  return blocks.some(
    (block) =>
      noted(block) ||
      (isObject(block) && Array.isArray(block.content) && block.content.some(noted)),
  );
}

function slim(line: string): JsonObject | null {
  const bytes = Buffer.from(line);
  return slimClaudeRecord(bytes, 0, bytes.length);
}

describe("slimClaudeRecord", () => {
  it("hands the builder what a plain parse would, for any record, compact or spaced", () => {
    let fastPaths = 0;
    let cutTexts = 0;
    fc.assert(
      fc.property(fc.oneof(record, toolResultRecord), fc.boolean(), (value, indent) => {
        const line = indent ? JSON.stringify(value, null, 1) : JSON.stringify(value);
        const plain = JSON.parse(line) as JsonObject;
        const fast = slim(line);
        if (fast === null) return;
        fastPaths++;
        if (hasCutText(fast)) cutTexts++;
        expect(project(fast)).toEqual(project(plain));
      }),
      { numRuns: 300 },
    );
    // The property says something only if the fast path was taken, and texts were cut.
    expect(fastPaths).toBeGreaterThan(100);
    expect(cutTexts).toBeGreaterThan(10);
  });

  it("cuts what it promises: images, toolUseResult, attachments, long tool output", () => {
    const output = `Exit code 1\n${'line of output \\ with "quotes" and ✓ and 😀\n'.repeat(2000)}`;
    const image = "iVBORw0KGgo".repeat(100_000);
    const line = JSON.stringify({
      type: "user",
      message: {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "t1", content: output },
          {
            type: "tool_result",
            tool_use_id: "t2",
            content: [
              { type: "text", text: output },
              { type: "image", source: { type: "base64", data: image } },
            ],
          },
          { type: "image", source: { type: "base64", media_type: "image/png", data: image } },
        ],
      },
      toolUseResult: { type: "create", filePath: "/a", content: output, task: { id: "7", x: 1 } },
      attachment: { type: "skill_listing", content: output },
      uuid: "u1",
    });
    const fast = slim(line) as JsonObject;
    const slimmedSize = JSON.stringify(fast).length;
    expect(slimmedSize).toBeLessThan(4 * MAX_OUTPUT_CHARS);
    expect(fast.toolUseResult).toEqual({ type: "create", task: { id: "7" } });
    expect(fast.attachment).toBeNull();
    expect(fast.uuid).toBe("u1");
    const [result, arrayResult, picture] = (fast.message as { content: JsonObject[] }).content as [
      JsonObject,
      JsonObject,
      JsonObject,
    ];
    expect(result.content).toBe(output.slice(0, (result.content as string).length));
    expect(fullLength(result, result.content as string)).toBe(output.length);
    const inner = arrayResult.content as JsonObject[];
    expect(fullLength(inner[0] as JsonObject, (inner[0] as JsonObject).text as string)).toBe(
      output.length,
    );
    expect((inner[1] as JsonObject).source).toBeNull();
    expect(picture.source).toBeNull();
  });

  it("leaves short tool output whole and notes no length", () => {
    const output = "x".repeat(CUT_MIN_BYTES - 10);
    const line = JSON.stringify({
      type: "user",
      message: { content: [{ type: "tool_result", content: output }] },
      toolUseResult: { stdout: output },
    });
    const content = ((slim(line) as JsonObject).message as { content: JsonObject[] })
      .content[0] as JsonObject;
    expect(content.content).toBe(output);
    expect(Object.getOwnPropertySymbols(content)).toEqual([]);
  });

  it("falls back (null) whenever the line is not plainly what it expects", () => {
    const image = { type: "image", source: { type: "base64", data: "A".repeat(50_000) } };
    const good = JSON.stringify({ type: "user", message: { content: [image] }, uuid: "u" });
    expect(slim(good)).not.toBeNull();
    const cases: Record<string, string> = {
      "a truncated line": good.slice(0, 30_000),
      "a truncated line that ends after the image": good.slice(0, -3),
      "trailing garbage": `${good} x`,
      "two records on a line": `${good}${good}`,
      "not an object": `[${good}]`,
      "a repeated toolUseResult": `{"toolUseResult":{"type":"create"},"attachment":1,"toolUseResult":{"type":"x"}}`,
      "a repeated message": `{"message":{"content":[${JSON.stringify(image)}]},"message":{}}`,
      "a repeated content": `{"message":{"content":[${JSON.stringify(image)}],"content":[]}}`,
      "a repeated source": `{"message":{"content":[{"type":"image","source":1,"source":{"data":"${"A".repeat(9000)}"}}]}}`,
      "a key spelled with escapes": `{"message":{"content":[${JSON.stringify(image)}]},"\\u0061ttachment":{"a":1}}`,
      "unbalanced brackets in a cut value": `{"message":{"content":[{"type":"image","source":{"data":["A"}}]}}`,
      "junk in a cut value": `{"attachment":{"a":<html>},"type":"attachment"}`,
      "an invalid escape in a cut string": `{"message":{"content":[{"type":"image","source":"\\x${"A".repeat(9000)}"}]}}`,
      "an invalid escape in cut tool output": JSON.stringify({
        type: "user",
        message: { content: [{ type: "tool_result", content: "A".repeat(40_000) }] },
      }).replace('AAAAA"', 'AAA\\qA"'),
      "invalid JSON outside what is cut": `{"message":{"content":[${JSON.stringify(image)}]},"x":tru}`,
      "nothing to cut": JSON.stringify({
        type: "assistant",
        message: { content: "A".repeat(50_000) },
      }),
    };
    for (const [name, line] of Object.entries(cases)) expect(slim(line), name).toBeNull();
  });
});
