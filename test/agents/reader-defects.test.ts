import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { zstdCompressSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { claudeCodeReader } from "../../src/agents/claude-code/claude-code-reader.ts";
import { codexReader } from "../../src/agents/codex/codex-reader.ts";
import { findSession, listSessions } from "../../src/agents/find-sessions.ts";
import { openCodeReader } from "../../src/agents/opencode/opencode-reader.ts";
import { describeToolCall } from "../../src/core/render-messages.ts";
import type { ToolCall } from "../../src/core/session.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * Minimal hand-made copies of what real sessions showed (issue 11): each written the way
 * the agent writes it, small enough to read in the test.
 */
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempHome(prefix: string): string {
  const home = makeTempDir(prefix);
  temps.push(home);
  return home;
}

function jsonl(path: string, records: object[]): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  return path;
}

function calls(session: { messages: { toolCalls: ToolCall[] }[] }): ToolCall[] {
  return session.messages.flatMap((m) => m.toolCalls);
}

const SESSION = "11111111-2222-4333-8444-555555555555";
const claudeEnvelope = (extra: object) => ({
  sessionId: SESSION,
  cwd: "/work/app",
  version: "2.0.64",
  timestamp: "2026-01-01T10:00:00.000Z",
  ...extra,
});

describe("Claude Code ≤ 2.0 sidechain files", () => {
  it("are never the latest session, even when written last", async () => {
    const home = tempHome("baton-sidechain-");
    const folder = join(home, ".claude/projects/-work-app");
    const session = jsonl(join(folder, `${SESSION}.jsonl`), [
      claudeEnvelope({
        type: "user",
        uuid: "u1",
        message: { role: "user", content: "Add a README." },
      }),
    ]);
    const sidechain = jsonl(join(folder, "agent-5a5a5a5a.jsonl"), [
      claudeEnvelope({
        type: "user",
        isSidechain: true,
        uuid: "s1",
        message: { role: "user", content: "Warmup" },
      }),
    ]);
    utimesSync(session, new Date("2026-01-01T10:00:00Z"), new Date("2026-01-01T10:00:00Z"));
    utimesSync(sidechain, new Date("2026-01-01T11:00:00Z"), new Date("2026-01-01T11:00:00Z"));
    const context = { env: {}, homedir: home };
    const latest = await findSession(context, [claudeCodeReader], {
      latest: true,
      cwd: "/work/app",
    });
    expect(latest.info.location).toBe(session);
    const { sessions } = await listSessions(context, [claudeCodeReader]);
    expect(sessions.map((s) => [s.info.id, s.info.firstPrompt])).toEqual([
      [SESSION, "Add a README."],
    ]);
  });
});

describe("a tool call without its result", () => {
  it("is unfinished in Claude Code, never exit 0", async () => {
    const home = tempHome("baton-unfinished-claude-");
    const path = jsonl(join(home, ".claude/projects/-work-app", `${SESSION}.jsonl`), [
      claudeEnvelope({
        type: "user",
        uuid: "u1",
        message: { role: "user", content: "Run the tests." },
      }),
      claudeEnvelope({
        type: "assistant",
        uuid: "a1",
        message: {
          id: "msg_1",
          role: "assistant",
          model: "claude-x",
          content: [
            { type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "npm test" } },
          ],
        },
      }),
    ]);
    const session = await claudeCodeReader.readSession(path, { env: {}, homedir: home });
    const [call] = calls(session);
    expect(call?.unfinished).toBe(true);
    expect(call?.exitCode).toBeNull();
    expect(describeToolCall(call as ToolCall)).toBe("Bash: npm test (unfinished)");
  });

  it("is unfinished in Codex, for a call with no output and for a unified exec still running", async () => {
    const home = tempHome("baton-unfinished-codex-");
    const item = (timestamp: string, payload: object) => ({
      timestamp,
      type: "response_item",
      payload,
    });
    const path = jsonl(
      join(home, ".codex/sessions/2026/01/01", `rollout-2026-01-01T10-00-00-${SESSION}.jsonl`),
      [
        {
          timestamp: "2026-01-01T10:00:00.000Z",
          type: "session_meta",
          payload: { id: SESSION, cwd: "/work/app", cli_version: "0.125.0" },
        },
        item("2026-01-01T10:00:01.000Z", {
          type: "message",
          role: "user",
          content: [{ type: "input_text", text: "Run the tests." }],
        }),
        item("2026-01-01T10:00:02.000Z", {
          type: "function_call",
          name: "exec_command",
          call_id: "c1",
          arguments: JSON.stringify({ cmd: "npm test" }),
        }),
        item("2026-01-01T10:00:03.000Z", {
          type: "function_call_output",
          call_id: "c1",
          output:
            "Chunk ID: 1\nWall time: 1.0 seconds\nProcess running with session ID 7\nOriginal token count: 0\nOutput:\n",
        }),
        item("2026-01-01T10:00:04.000Z", {
          type: "function_call",
          name: "write_stdin",
          call_id: "c2",
          arguments: JSON.stringify({ session_id: 7, chars: "" }),
        }),
        item("2026-01-01T10:00:05.000Z", {
          type: "function_call_output",
          call_id: "c2",
          output:
            "Chunk ID: 2\nWall time: 5.0 seconds\nProcess running with session ID 7\nOriginal token count: 0\nOutput:\n",
        }),
        item("2026-01-01T10:00:06.000Z", {
          type: "function_call",
          name: "exec_command",
          call_id: "c3",
          arguments: JSON.stringify({ cmd: "npm run lint" }),
        }),
      ],
    );
    const session = await codexReader.readSession(path, { env: {}, homedir: home });
    const [test, poll, lint] = calls(session);
    expect([test?.unfinished, test?.exitCode]).toEqual([true, null]);
    expect([lint?.unfinished, lint?.exitCode]).toEqual([true, null]);
    expect(describeToolCall(test as ToolCall)).toBe("exec_command: npm test (unfinished)");
    expect(describeToolCall(poll as ToolCall)).toBe("write_stdin: waited for `npm test`");
  });

  it("is unfinished in OpenCode while its part is running", async () => {
    const { db, context, sessionId } = openCodeCopy();
    const writer = new DatabaseSync(db);
    const part = writer
      .prepare("SELECT id, data FROM part WHERE data LIKE ? ORDER BY id LIMIT 1")
      .get('%"tool":"bash"%') as { id: string; data: string };
    const data = JSON.parse(part.data) as { state: Record<string, unknown> };
    data.state = {
      status: "running",
      input: data.state.input,
      title: "",
      metadata: {},
      time: { start: 1 },
    };
    writer.prepare("UPDATE part SET data = ? WHERE id = ?").run(JSON.stringify(data), part.id);
    writer.close();
    const session = await openCodeReader.readSession(`${db}#${sessionId}`, context);
    const running = calls(session).find(
      (call) => call.id === (JSON.parse(part.data) as { callID: string }).callID,
    );
    expect(running?.unfinished).toBe(true);
    expect(running?.exitCode).toBeNull();
    expect(describeToolCall(running as ToolCall)).toContain("(unfinished)");
  });
});

const OPENCODE_FIXTURE = join(FIXTURES_ROOT, "opencode/1.18.33/fix-fahrenheit");
const OPENCODE_DB = ".local/share/opencode/opencode.db";

function openCodeCopy() {
  const home = tempHome("baton-opencode-");
  cpSync(join(OPENCODE_FIXTURE, "home"), home, { recursive: true });
  return {
    db: join(home, OPENCODE_DB),
    context: { env: {}, homedir: home },
    sessionId: readFixtureFacts(OPENCODE_FIXTURE).sessionId,
  };
}

function fingerprint(paths: string[]): string[] {
  return paths.map((path) =>
    existsSync(path)
      ? `${path} ${statSync(path).mtimeMs} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`
      : `${path} absent`,
  );
}

describe("reading an OpenCode database in WAL mode", () => {
  it("changes none of the database, -wal and -shm files (checksum and mtime), while OpenCode holds it open", async () => {
    const { db, context, sessionId } = openCodeCopy();
    // As a running OpenCode leaves it: WAL mode, commits not yet checkpointed.
    const writer = new DatabaseSync(db);
    writer.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;");
    writer.exec("UPDATE session SET title = title || ' (still open)'");
    try {
      const files = [db, `${db}-wal`, `${db}-shm`];
      expect(statSync(`${db}-wal`).size).toBeGreaterThan(0);
      const before = fingerprint(files);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { sessions } = await listSessions(context, [openCodeReader]);
      const session = await openCodeReader.readSession(`${db}#${sessionId}`, context);
      await openCodeReader.readTail(`${db}#${sessionId}`, context, { last: 5 });
      await openCodeReader.peekSession(`${db}#${sessionId}`, context);
      expect(fingerprint(files)).toEqual(before);
      // What OpenCode committed to the -wal is read.
      expect(sessions.find((s) => s.info.id === sessionId)?.info.title).toMatch(/\(still open\)$/);
      expect(session.title).toMatch(/\(still open\)$/);
    } finally {
      writer.close();
    }
  });

  it("changes nothing once OpenCode closed it either", async () => {
    const { db, context, sessionId } = openCodeCopy();
    const writer = new DatabaseSync(db);
    writer.exec("PRAGMA journal_mode = WAL;");
    writer.close();
    const files = [db, `${db}-wal`, `${db}-shm`];
    const before = fingerprint(files);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const session = await openCodeReader.readSession(`${db}#${sessionId}`, context);
    expect(session.messages.length).toBeGreaterThan(0);
    expect(fingerprint(files)).toEqual(before);
  });
});

describe("a Codex rollout compressed to .jsonl.zst", () => {
  it("is located, listed and read as its plain rollout is, and hidden while a plain sibling exists", async () => {
    const fixture = join(FIXTURES_ROOT, "codex/0.169.0/fix-slugify/home");
    const plainHome = tempHome("baton-codex-plain-");
    cpSync(fixture, plainHome, { recursive: true });
    const zstHome = tempHome("baton-codex-zst-");
    cpSync(fixture, zstHome, { recursive: true });
    const day = join(zstHome, ".codex/sessions/2026/11/21");
    const [name] = readdirSync(day);
    const plainPath = join(day, name as string);
    writeFileSync(`${plainPath}.zst`, zstdCompressSync(readFileSync(plainPath)));
    // Both present (Codex materialised it back to append): the plain file wins.
    const both = await codexReader.locateSessions({ env: {}, homedir: zstHome });
    expect(both.map((ref) => ref.location)).toEqual([plainPath]);
    rmSync(plainPath);
    const context = { env: {}, homedir: zstHome };
    const [ref] = await codexReader.locateSessions(context);
    expect(ref?.location).toBe(`${plainPath}.zst`);
    const fromZst = await codexReader.readSession(`${plainPath}.zst`, context);
    const fromPlain = await codexReader.readSession(
      join(plainHome, ".codex/sessions/2026/11/21", name as string),
      { env: {}, homedir: plainHome },
    );
    expect({ ...fromZst, location: "" }).toEqual({ ...fromPlain, location: "" });
    const tail = await codexReader.readTail(`${plainPath}.zst`, context, { last: 2 });
    expect(tail.messages).toEqual(fromPlain.messages.slice(-2));
    const { sessions } = await listSessions(context, [codexReader]);
    expect(sessions.map((s) => s.info.id)).toEqual([fromPlain.id]);
  });
});
