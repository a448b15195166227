import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import type { ReaderContext } from "../../src/agents/agent-reader.ts";
import { findSession } from "../../src/agents/find-sessions.ts";
import { openCodeReader } from "../../src/agents/opencode/opencode-reader.ts";
import { BatonError } from "../../src/core/errors.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * OpenCode's store beyond the happy path: no database, a database another process has
 * locked, a part whose JSON is broken, and the JSON file tree of OpenCode before 1.2.
 */
const fixture = join(FIXTURES_ROOT, "opencode/1.18.33/fix-fahrenheit");
const facts = readFixtureFacts(fixture);
const DB = ".local/share/opencode/opencode.db";

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function copyHome(): { home: string; context: ReaderContext; db: string } {
  const home = makeTempDir("baton-opencode-");
  temps.push(home);
  cpSync(join(fixture, "home"), home, { recursive: true });
  return { home, context: { env: {}, homedir: home }, db: join(home, DB) };
}

describe("the OpenCode reader", () => {
  it("finds no sessions, and says so clearly, when OpenCode never ran", async () => {
    const home = makeTempDir("baton-no-opencode-");
    temps.push(home);
    const context = { env: {}, homedir: home };
    expect(await openCodeReader.listSessions(context)).toEqual([]);
    expect(await openCodeReader.locateSessions(context)).toEqual([]);
    await expect(findSession(context, [openCodeReader], { id: "ses_x" })).rejects.toThrow(
      "no session with id ses_x in opencode",
    );
    await expect(openCodeReader.readSession(`${join(home, DB)}#ses_x`, context)).rejects.toThrow(
      `OpenCode database not found: ${join(home, DB)}`,
    );
  });

  it("waits briefly, then fails in one clear line, while another process holds the database locked", async () => {
    const { context, db } = copyHome();
    const holder = new DatabaseSync(db);
    try {
      holder.exec(
        "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE session SET title = title;",
      );
      const error = await openCodeReader
        .readSession(`${db}#${facts.sessionId}`, context)
        .catch((e: unknown) => e);
      expect(BatonError.is(error)).toBe(true);
      expect((error as BatonError).message).toBe(
        `cannot read OpenCode database ${db}: the database is locked by another process`,
      );
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    // Released, the same session reads again.
    const session = await openCodeReader.readSession(`${db}#${facts.sessionId}`, context);
    expect(session.firstUserMessage?.text).toContain(facts.goal);
  });

  it("never writes to the database it reads", async () => {
    const { context, db } = copyHome();
    const files = () =>
      [db, `${db}-wal`].map((path) =>
        existsSync(path) ? createHash("sha256").update(readFileSync(path)).digest("hex") : "absent",
      );
    const before = files();
    await openCodeReader.readSession(`${db}#${facts.sessionId}`, context);
    await openCodeReader.readTail(`${db}#${facts.sessionId}`, context, { last: 5 });
    await openCodeReader.listSessions(context);
    expect(files()).toEqual(before);
  });

  it("skips and counts a part whose stored JSON is broken, keeping the rest", async () => {
    const { context, db } = copyHome();
    const writer = new DatabaseSync(db);
    const part = writer
      .prepare("SELECT id FROM part WHERE session_id = ? LIMIT 1")
      .get(facts.sessionId) as { id: string };
    writer
      .prepare("UPDATE part SET data = ? WHERE id = ?")
      .run('{"type": "text", "text": ', part.id);
    writer.close();
    const session = await openCodeReader.readSession(`${db}#${facts.sessionId}`, context);
    expect(session.warnings["part without a type"]).toBe(1);
    expect(session.todos?.length).toBe(facts.todos.done.length + facts.todos.pending.length);
  });

  it("reads the JSON file tree of OpenCode before 1.2 with the same facts", async () => {
    const { home } = copyHome();
    const storage = join(home, ".local/share/opencode/storage");
    const db = new DatabaseSync(join(home, DB), { readOnly: true });
    const session = db.prepare("SELECT * FROM session WHERE id = ?").get(facts.sessionId) as Record<
      string,
      unknown
    >;
    const write = (path: string, value: unknown) => {
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, JSON.stringify(value));
    };
    write(join(storage, "session", String(session.project_id), `${facts.sessionId}.json`), {
      id: facts.sessionId,
      projectID: session.project_id,
      directory: session.directory,
      title: session.title,
      version: "1.1.0",
      time: { created: session.time_created, updated: session.time_updated },
    });
    for (const row of db
      .prepare("SELECT * FROM message WHERE session_id = ?")
      .all(facts.sessionId) as Record<string, string>[]) {
      write(join(storage, "message", facts.sessionId, `${row.id}.json`), {
        id: row.id,
        sessionID: facts.sessionId,
        ...JSON.parse(row.data as string),
      });
    }
    for (const row of db
      .prepare("SELECT * FROM part WHERE session_id = ?")
      .all(facts.sessionId) as Record<string, string>[]) {
      write(join(storage, "part", row.message_id as string, `${row.id}.json`), {
        id: row.id,
        sessionID: facts.sessionId,
        messageID: row.message_id,
        ...JSON.parse(row.data as string),
      });
    }
    const todos = db
      .prepare("SELECT content, status, priority FROM todo WHERE session_id = ? ORDER BY position")
      .all(facts.sessionId);
    write(join(storage, "todo", `${facts.sessionId}.json`), todos);
    db.close();
    rmSync(join(home, DB));

    const context = { env: {}, homedir: home };
    const found = await findSession(context, [openCodeReader], { id: facts.sessionId });
    expect(found.info.location).toBe(`${storage}#${facts.sessionId}`);
    expect(found.info.cwd).toBe(facts.cwd);
    const read = await openCodeReader.readSession(found.info.location, context);
    expect(read.firstUserMessage?.text).toContain(facts.goal);
    const commands = read.messages
      .flatMap((m) => m.toolCalls)
      .filter((c) => c.category === "shell")
      .map((c) => ({ command: c.command, exitCode: c.exitCode }));
    for (const planted of facts.commands) expect(commands).toContainEqual(planted);
    for (const done of facts.todos.done)
      expect(read.todos).toContainEqual({ text: done, status: "completed" });
    const tail = await openCodeReader.readTail(found.info.location, context, { last: 2 });
    expect(tail.messages.at(-1)?.text).toContain(facts.openQuestion);
  });
});
