import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_OUTPUT_CHARS } from "../../src/agents/cap-text.ts";
import { slimCodexRecord } from "../../src/agents/codex/slim-codex-line.ts";
import { isObject, type JsonObject } from "../../src/agents/json-values.ts";
import { fullLength } from "../../src/agents/slim-json-line.ts";

/**
 * As for Claude Code (slim-claude-line.test.ts): what the Codex builder reads of a record
 * must be the same after the fast path as after a plain JSON.parse.
 */
const copy = (object: JsonObject): JsonObject => Object.fromEntries(Object.entries(object));

const seen = (holder: JsonObject, text: string) => ({
  head: text.startsWith("{") ? text : text.slice(0, MAX_OUTPUT_CHARS),
  length: fullLength(holder, text),
});

function nulled(payload: JsonObject, cut: (key: string) => boolean): JsonObject {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, cut(k) ? null : v]));
}

function project(record: JsonObject): JsonObject {
  const out = copy(record);
  const payload = record.payload;
  if (!isObject(payload)) return out;
  switch (record.type) {
    case "event_msg":
      out.payload = nulled(payload, (key) => key !== "type" && key !== "info");
      break;
    case "session_meta":
      out.payload = nulled(payload, (key) => key === "base_instructions");
      break;
    case "compacted":
      out.payload = nulled(payload, (key) => key === "replacement_history");
      break;
    case "turn_context":
      out.payload = nulled(payload, (key) => !["cwd", "model", "collaboration_mode"].includes(key));
      break;
    case "world_state":
    case "token_usage_record":
      out.payload = nulled(payload, () => true);
      break;
    case "response_item":
      out.payload = projectItem(payload);
      break;
  }
  return out;
}

function projectItem(item: JsonObject): JsonObject {
  const out = copy(item);
  if ("encrypted_content" in out) out.encrypted_content = null;
  if (Array.isArray(out.content))
    out.content = out.content.map((block) =>
      isObject(block) && "image_url" in block ? { ...block, image_url: null } : block,
    );
  if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
    if (typeof item.output === "string") out.output = seen(item, item.output);
    else if (isObject(item.output)) {
      const output = copy(item.output);
      if (typeof output.content === "string") output.content = seen(item.output, output.content);
      out.output = output;
    }
  }
  return out;
}

const text = fc.string({ unit: "binary", maxLength: 30 });
const bigText = fc
  .tuple(
    fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
    fc.integer({ min: 1, max: 6000 }),
    fc.constantFrom("", "{", "Exit code: 2\n", "\\u007b"),
  )
  .map(([unit, times, head]) => head + unit.repeat(times));
const anyText = fc.oneof(text, bigText);
const json = fc.jsonValue({ maxDepth: 3 }).map((value) => value ?? null);
const extras = fc.dictionary(fc.constantFrom("id", "call_id", "role", "name", "metadata"), json);
const withExtras = <T extends object>(arb: fc.Arbitrary<T>) =>
  fc.tuple(arb, extras).map(([value, more]) => ({ ...more, ...value }));

const item = fc.oneof(
  withExtras(
    fc.record({
      type: fc.constantFrom("function_call_output", "custom_tool_call_output"),
      output: fc.oneof(
        anyText,
        fc.record(
          { content: fc.oneof(anyText, json), success: fc.boolean() },
          { requiredKeys: [] },
        ),
        json,
      ),
    }),
  ),
  withExtras(
    fc.record({
      type: fc.constant("message"),
      role: fc.constantFrom("user", "assistant"),
      content: fc.array(
        fc.oneof(
          fc.record({ type: fc.constant("input_text"), text: anyText }),
          fc.record({ type: fc.constant("input_image"), image_url: anyText }),
          json,
        ),
        { maxLength: 4 },
      ),
    }),
  ),
  withExtras(
    fc.record({ type: fc.constant("reasoning"), encrypted_content: anyText, summary: json }),
  ),
  withExtras(fc.record({ type: fc.constant("function_call"), arguments: anyText, name: text })),
);

const payloadFor = (type: string): fc.Arbitrary<unknown> => {
  if (type === "response_item") return item;
  return fc.oneof(
    fc.dictionary(
      fc.constantFrom(
        "type",
        "info",
        "base_instructions",
        "replacement_history",
        "cwd",
        "model",
        "x",
      ),
      fc.oneof(json, anyText),
    ),
    json,
  );
};

const record = fc
  .constantFrom(
    "response_item",
    "event_msg",
    "session_meta",
    "compacted",
    "turn_context",
    "world_state",
    "token_usage_record",
    "other",
  )
  .chain((type) =>
    fc.tuple(payloadFor(type), text, extras).map(([payload, timestamp, more]) => ({
      ...more,
      timestamp,
      type,
      payload,
    })),
  );

function slim(line: string): JsonObject | null {
  const bytes = Buffer.from(line);
  return slimCodexRecord(bytes, 0, bytes.length);
}

describe("slimCodexRecord", () => {
  it("hands the builder what a plain parse would, for any rollout record", () => {
    let fastPaths = 0;
    fc.assert(
      fc.property(record, fc.boolean(), (value, indent) => {
        const line = indent ? JSON.stringify(value, null, 1) : JSON.stringify(value);
        const fast = slim(line);
        if (fast === null) return;
        fastPaths++;
        expect(project(fast)).toEqual(project(JSON.parse(line)));
      }),
      { numRuns: 300 },
    );
    expect(fastPaths).toBeGreaterThan(50);
  });

  it("cuts tool output, images and instructions", () => {
    const output = `Exit code: 0\nOutput:\n${"a line of output ✓\n".repeat(5000)}`;
    const fast = slim(
      JSON.stringify({
        timestamp: "t",
        type: "response_item",
        payload: { type: "function_call_output", call_id: "c", output },
      }),
    ) as JsonObject;
    const payload = fast.payload as JsonObject;
    expect((payload.output as string).length).toBeLessThan(2 * MAX_OUTPUT_CHARS);
    expect(fullLength(payload, payload.output as string)).toBe(output.length);
    const envelope = JSON.stringify({ output, metadata: { exit_code: 4 } });
    const kept = slim(
      JSON.stringify({
        type: "response_item",
        payload: { type: "function_call_output", output: envelope, x: "y".repeat(10) },
      }),
    );
    expect(kept).toBeNull();
    const meta = slim(
      JSON.stringify({
        type: "session_meta",
        payload: { id: "s", cwd: "/w", base_instructions: { text: output } },
      }),
    ) as JsonObject;
    expect(meta.payload).toEqual({ id: "s", cwd: "/w", base_instructions: null });
  });

  it("falls back (null) on what it does not expect", () => {
    const big = "A".repeat(20_000);
    const cases = [
      `{"type":"session_meta","payload":{"base_instructions":"${big}"}`,
      `{"type":"session_meta","payload":{"base_instructions":"${big}"}} x`,
      `{"type":"session_meta","type":"event_msg","payload":{"base_instructions":"${big}"}}`,
      `{"type":"session_meta","payload":{"base_instructions":"${big}","base_instructions":1}}`,
      `{"type":"session_meta","payload":{"base_instructions":"\\x${big}"}}`,
      `{"type":"response_item","payload":{"type":"message","content":[{"image_url":1,"image_url":"${big}"}]}}`,
      `{"type":"response_item","payload":{"type":"function_call_output","output":"${big}\\q"}}`,
      `{"type":"session_meta","payload":[{"base_instructions":"${big}"}]}`,
      `{"type":"session_meta","p\\u0061yload":{"base_instructions":"${big}"}}`,
    ];
    for (const line of cases) expect(slim(line), line.slice(0, 80)).toBeNull();
  });
});
