import { readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateClaudeTranscript } from "../../bench/generate-claude-transcript.ts";
import { ClaudeSessionBuilder } from "../../src/agents/claude-code/claude-session-builder.ts";
import { CodexSessionBuilder } from "../../src/agents/codex/codex-session-builder.ts";
import { CopilotSessionBuilder } from "../../src/agents/copilot/copilot-session-builder.ts";
import { slimCopilotRecord } from "../../src/agents/copilot/slim-copilot-line.ts";
import { foldLines } from "../../src/agents/fold-lines.ts";
import { FIXTURES_ROOT } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * The fast path (slim-json-line.ts) on every line versus on none: the same Session parts,
 * on every recorded real transcript, on a generated one, and on lines made to test it.
 */
const dir = makeTempDir("baton-fast-path-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function jsonlFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".jsonl"))
    .map((name) => join(root, name));
}

async function sessionParts(path: string, slimMinBytes: number) {
  const b = await foldLines(path, new ClaudeSessionBuilder(), { slimMinBytes });
  return {
    messages: b.window.list(),
    count: b.window.count,
    firstUser: b.window.firstUser,
    files: b.fileTouches(),
    todos: b.todos(),
    usage: b.usage(),
    compactions: b.compactions,
    warnings: b.warnings,
    envelope: [b.sessionId, b.cwd, b.branch, b.model, b.version, b.permissionMode],
    times: [b.startedAt, b.lastActivityAt, b.aiTitle, b.customTitle],
  };
}

async function expectSameEitherWay(path: string): Promise<void> {
  const plain = await sessionParts(path, Number.POSITIVE_INFINITY);
  const fast = await sessionParts(path, 0);
  expect(fast).toEqual(plain);
}

async function codexParts(path: string, slimMinBytes: number) {
  const b = await foldLines(path, new CodexSessionBuilder(), { slimMinBytes });
  return {
    messages: b.window.list(),
    count: b.window.count,
    firstUser: b.window.firstUser,
    files: b.fileTouches(),
    todos: b.todos,
    usage: b.usage,
    compactions: b.compactions,
    warnings: b.warnings,
    envelope: [b.sessionId, b.parentId, b.cwd, b.branch, b.model, b.provider, b.agentMode],
    times: [b.version, b.startedAt, b.lastActivityAt],
  };
}

async function expectCodexSameEitherWay(path: string) {
  const plain = await codexParts(path, Number.POSITIVE_INFINITY);
  expect(await codexParts(path, 0)).toEqual(plain);
  return plain;
}

describe("the Codex fast path", () => {
  const fixtures = jsonlFiles(join(FIXTURES_ROOT, "codex"));

  it.each(fixtures.map((path) => [path.slice(FIXTURES_ROOT.length + 1), path]))(
    "reads %s as the plain path does",
    async (_name, path) => {
      await expectCodexSameEitherWay(path);
    },
  );

  it("keeps long outputs' facts: exit codes, envelopes, full lengths", async () => {
    const long = (head: string) => `${head}\n${'output line ✓ "quoted"\n'.repeat(3000)}`;
    const item = (payload: object) => ({
      timestamp: "2026-11-21T00:00:00Z",
      type: "response_item",
      payload,
    });
    const call = (id: string) =>
      item({
        type: "function_call",
        name: "exec_command",
        call_id: id,
        arguments: '{"cmd":"make"}',
      });
    const records = [
      {
        type: "session_meta",
        payload: { id: "s1", cwd: "/w", base_instructions: { text: long("You are Codex") } },
      },
      {
        type: "turn_context",
        payload: { cwd: "/w", model: "gpt-9", user_instructions: long("x") },
      },
      item({
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "Fix it" },
          { type: "input_image", image_url: `data:image/png;base64,${"iVBOR".repeat(20_000)}` },
        ],
      }),
      call("c1"),
      item({ type: "function_call_output", call_id: "c1", output: long("Exit code: 2\nOutput:") }),
      call("c2"),
      item({
        type: "function_call_output",
        call_id: "c2",
        output: JSON.stringify({ output: long(""), metadata: { exit_code: 5 } }),
      }),
      call("c3"),
      item({
        type: "function_call_output",
        call_id: "c3",
        output: { content: long("Process exited with code 7"), success: false },
      }),
      item({ type: "reasoning", encrypted_content: "gAAAA".repeat(10_000) }),
      { type: "event_msg", payload: { type: "exec_command_end", aggregated_output: long("") } },
      {
        type: "event_msg",
        payload: {
          type: "token_count",
          info: { total_token_usage: { input_tokens: 10, output_tokens: 3 } },
          rate_limits: long(""),
        },
      },
      { type: "compacted", payload: { message: "Summary.", replacement_history: [long("old")] } },
    ];
    const path = join(dir, "rollout.jsonl");
    writeFileSync(path, `${records.map((record) => JSON.stringify(record)).join("\n")}\n`);
    const plain = await expectCodexSameEitherWay(path);
    const calls = plain.messages.flatMap((message) => message.toolCalls);
    expect(calls.map((c) => c.exitCode)).toEqual([2, 5, 7]);
    expect(calls[0]?.output).toMatch(/… \[\d+ more characters\]$/);
    expect(plain.firstUser?.text).toBe("Fix it");
    expect(plain.usage?.output).toBe(3);
    expect(plain.compactions.map((c) => c.text)).toEqual(["Summary."]);
    expect(plain.envelope.slice(0, 5)).toEqual(["s1", null, "/w", null, "gpt-9"]);
  });
});

describe("the Claude Code fast path", () => {
  const fixtures = jsonlFiles(join(FIXTURES_ROOT, "claude-code"));

  it.each(fixtures.map((path) => [path.slice(FIXTURES_ROOT.length + 1), path]))(
    "reads %s as the plain path does",
    async (_name, path) => {
      await expectSameEitherWay(path);
    },
  );

  it("reads a generated transcript with inline images as the plain path does", async () => {
    const path = join(dir, "generated.jsonl");
    await generateClaudeTranscript(path, 3 * 1024 * 1024, "/home/bench/project", "gen");
    expect(statSync(path).size).toBeGreaterThan(3 * 1024 * 1024);
    await expectSameEitherWay(path);
  });

  it("keeps long outputs' facts: exit codes, task ids, created files, full lengths", async () => {
    const cwd = "/work/p";
    const long = (head: string) => `${head}\n${'output line with "quotes" ✓ 😀\n'.repeat(3000)}`;
    const use = (id: string, name: string, input: object) => ({
      type: "assistant",
      message: {
        id: `m-${id}`,
        role: "assistant",
        content: [{ type: "tool_use", id, name, input }],
      },
    });
    const result = (id: string, content: unknown, toolUseResult: unknown, isError = false) => ({
      type: "user",
      message: {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: id, is_error: isError, content }],
      },
      toolUseResult,
    });
    const records = [
      { type: "user", cwd, message: { role: "user", content: "Fix it." }, timestamp: "t1" },
      use("b1", "Bash", { command: "npm test" }),
      result("b1", long("Exit code 3"), { stdout: long("x"), stderr: "" }, true),
      use("w1", "Write", { file_path: `${cwd}/new.ts`, content: long("export {}") }),
      result("w1", "File created", {
        type: "create",
        filePath: `${cwd}/new.ts`,
        content: long(""),
      }),
      use("w2", "Write", { file_path: `${cwd}/old.ts`, content: "x" }),
      result("w2", long("written"), { type: "update", originalFile: long("old") }),
      use("t1", "TaskCreate", { subject: "Reproduce" }),
      result("t1", long("Task #12 created successfully"), { task: { id: "12", subject: "R" } }),
      use("t2", "TaskCreate", { subject: "Fix" }),
      result("t2", [{ type: "text", text: long("Task #13 created") }], "not an object"),
      use("t3", "TaskUpdate", { taskId: "12", status: "completed" }),
      result("t3", "Updated", { success: true }),
      use("r1", "Read", { file_path: `${cwd}/a.ts` }),
      result(
        "r1",
        [
          { type: "text", text: long("1\tconst a = 1;") },
          { type: "image", source: { type: "base64", data: "iVBOR".repeat(20_000) } },
          { type: "text", text: "tail" },
        ],
        { type: "text", file: { content: long("const a") } },
      ),
      {
        type: "attachment",
        attachment: { type: "file", content: long("attached") },
        timestamp: "t9",
      },
    ];
    const lines = records.map((record) => JSON.stringify(record));
    // Damage the fast path must leave to the plain one: an invalid line with a big
    // image, a truncated last line.
    lines.push(
      `{"type":"user","message":{"content":[{"type":"image","source":{"data":"${"A".repeat(20_000)}"}}]},"x":}`,
    );
    const path = join(dir, "facts.jsonl");
    writeFileSync(path, `${lines.join("\n")}\n${(lines[2] as string).slice(0, 20_000)}`);
    const plain = await sessionParts(path, Number.POSITIVE_INFINITY);
    await expectSameEitherWay(path);
    // And the facts themselves, so the equivalence is not an agreement on nothing.
    const calls = plain.messages.flatMap((message) => message.toolCalls);
    const bash = calls.find((call) => call.id === "b1");
    expect(bash?.exitCode).toBe(3);
    expect(bash?.output).toMatch(/… \[\d+ more characters\]$/);
    expect(plain.files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: `${cwd}/new.ts`, kinds: ["created"] }),
        expect.objectContaining({ path: `${cwd}/old.ts`, kinds: ["written"] }),
        expect.objectContaining({ path: `${cwd}/a.ts`, kinds: ["read"] }),
      ]),
    );
    expect(plain.todos).toEqual([
      { text: "Reproduce", status: "completed" },
      { text: "Fix", status: "pending" },
    ]);
    expect(plain.warnings).toEqual({
      "invalid JSON line": 1,
      "truncated last line (still being written)": 1,
    });
  });
});

describe("the Copilot CLI fast path", () => {
  async function copilotParts(path: string, slimMinBytes: number) {
    const b = await foldLines(path, new CopilotSessionBuilder(), { slimMinBytes });
    return {
      messages: b.window.list(),
      count: b.window.count,
      firstUser: b.window.firstUser,
      files: b.fileTouches(),
      usage: b.usage,
      compactions: b.compactions,
      subagents: b.subagents,
      warnings: b.warnings,
      envelope: [b.sessionId, b.cwd, b.branch, b.model, b.provider, b.agentMode, b.version],
      times: [b.startedAt, b.lastActivityAt],
    };
  }

  it.each(jsonlFiles(join(FIXTURES_ROOT, "copilot")))(
    "reads %s the same with and without it",
    async (path) => {
      const plain = await copilotParts(path, Number.POSITIVE_INFINITY);
      const fast = await copilotParts(path, 0);
      expect(fast).toEqual(plain);
      expect(plain.count).toBeGreaterThan(0);
    },
  );

  it("cuts what the reader never reads, and keeps what it does", () => {
    const line = JSON.stringify({
      type: "tool.execution_complete",
      data: {
        toolCallId: "t1",
        success: true,
        shellExecution: { exitCode: 2 },
        result: { content: "FAILED 7", detailedContent: "x".repeat(5000) },
        toolTelemetry: { properties: { a: "b".repeat(3000) } },
      },
      id: "e1",
      timestamp: "2026-12-06T00:00:00.000Z",
      parentId: null,
    });
    const bytes = Buffer.from(line);
    const slim = slimCopilotRecord(bytes, 0, bytes.length);
    expect(slim).toEqual({
      type: "tool.execution_complete",
      data: {
        toolCallId: "t1",
        success: true,
        shellExecution: { exitCode: 2 },
        result: { content: "FAILED 7", detailedContent: null },
        toolTelemetry: null,
      },
      id: "e1",
      timestamp: "2026-12-06T00:00:00.000Z",
      parentId: null,
    });
    const system = Buffer.from(
      JSON.stringify({ type: "system.message", data: { content: "y".repeat(9000) }, id: "e2" }),
    );
    expect(slimCopilotRecord(system, 0, system.length)).toEqual({
      type: "system.message",
      data: {},
      id: "e2",
    });
    const twice = Buffer.from('{"type":"system.message","data":{},"data":{"a":1}}');
    expect(slimCopilotRecord(twice, 0, twice.length)).toBeNull();
  });
});
