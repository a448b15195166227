import { appendFileSync, cpSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadReader, loadReaders } from "../../src/adapters/registry.ts";
import type { ReaderContext } from "../../src/agents/agent-reader.ts";
import { findSession } from "../../src/agents/find-sessions.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * What the fixture tests do not show about the Copilot CLI and Pi readers: damaged files,
 * Pi's session tree (only the active branch counts), and that reading leaves the agent's
 * store as it was.
 */
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function copyFixture(name: string) {
  const dir = join(FIXTURES_ROOT, name);
  const facts = readFixtureFacts(dir);
  const root = makeTempDir("baton-damaged-");
  temps.push(root);
  cpSync(join(dir, "home"), join(root, "home"), { recursive: true });
  const transcript = join(root, facts.transcript);
  const context: ReaderContext = { env: {}, homedir: join(root, "home") };
  return { facts, transcript, context, reader: await loadReader(facts.agent) };
}

const lines = (path: string) => readFileSync(path, "utf8").trimEnd().split("\n");

describe.each(["copilot/1.0.102/fix-median", "pi/1.6.0/fix-clamp"])("%s, damaged", (name) => {
  it("counts invalid lines and unknown records, keeps the rest", async () => {
    const { transcript, context, reader, facts } = await copyFixture(name);
    const all = lines(transcript);
    all.splice(2, 0, "{not json", "[1]", JSON.stringify({ type: "hologram", id: "h1", data: {} }));
    writeFileSync(transcript, `${all.join("\n")}\n`);
    const session = await reader.readSession(transcript, context);
    expect(session.warnings).toEqual({
      "invalid JSON line": 1,
      "record that is not an object": 1,
      "unknown record type hologram": 1,
    });
    expect(session.firstUserMessage?.text).toBe(facts.goal);
    const texts = session.messages.map((m) => m.text).join("\n");
    expect(texts).toContain(facts.openQuestion);
  });

  it("reads a session whose last line is still being written, and says so", async () => {
    const { transcript, context, reader, facts } = await copyFixture(name);
    appendFileSync(transcript, (lines(transcript).at(-2) as string).slice(0, 40));
    const session = await reader.readSession(transcript, context);
    expect(session.warnings).toEqual({ "truncated last line (still being written)": 1 });
    expect(session.firstUserMessage?.text).toBe(facts.goal);
    const tail = await reader.readTail(transcript, context, { last: 3 });
    expect(tail.messages.some((m) => m.text.includes(facts.openQuestion))).toBe(true);
  });

  it("reads a line of more than 10 MB and goes on past it", async () => {
    const { transcript, context, reader, facts } = await copyFixture(name);
    const all = lines(transcript);
    const blob = "iVBORw0KGgo".repeat(1_000_000);
    const huge =
      facts.agent === "copilot"
        ? { type: "session.info", data: { message: blob }, id: "huge", parentId: null }
        : {
            type: "custom",
            id: "huge0001",
            parentId: null,
            timestamp: "2026-12-06T00:00:00.000Z",
            data: blob,
          };
    all.splice(1, 0, JSON.stringify(huge));
    writeFileSync(transcript, `${all.join("\n")}\n`);
    const session = await reader.readSession(transcript, context);
    expect(session.firstUserMessage?.text).toBe(facts.goal);
    const tail = await reader.readTail(transcript, context, { last: 3 });
    expect(tail.messages.some((m) => m.text.includes(facts.openQuestion))).toBe(true);
  });

  it("reads an empty file as a session without messages, still found by its id", async () => {
    const { transcript, context, reader, facts } = await copyFixture(name);
    writeFileSync(transcript, "");
    const session = await reader.readSession(transcript, context);
    expect(session.messages).toEqual([]);
    expect((await reader.readTail(transcript, context, { last: 5 })).messages).toEqual([]);
    expect(
      (await findSession(context, await loadReaders(), { id: facts.sessionId })).info.location,
    ).toBe(transcript);
  });
});

describe("Pi's session tree", () => {
  it("follows the active branch: entries of an abandoned branch are not the session", async () => {
    const { transcript, context, reader, facts } = await copyFixture("pi/1.6.0/fix-clamp");
    const entries = lines(transcript).map((line) => JSON.parse(line));
    const firstUser = entries.find((e) => e.type === "message" && e.message.role === "user");
    // A new branch from the first prompt, as `/tree` writes it: appended, parent earlier.
    const branch = [
      {
        type: "message",
        id: "branch01",
        parentId: firstUser.id,
        timestamp: "2026-12-06T23:00:00.000Z",
        message: { role: "user", content: [{ type: "text", text: "Try the other fix." }] },
      },
      {
        type: "message",
        id: "branch02",
        parentId: "branch01",
        timestamp: "2026-12-06T23:00:01.000Z",
        message: {
          role: "assistant",
          content: [{ type: "text", text: "BRANCH-REPLY-41: on the new branch." }],
          model: facts.model,
          usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 },
        },
      },
    ];
    appendFileSync(transcript, `${branch.map((e) => JSON.stringify(e)).join("\n")}\n`);
    const session = await reader.readSession(transcript, context);
    const texts = session.messages.map((m) => m.text);
    expect(texts).toEqual([
      facts.goal,
      "Try the other fix.",
      "BRANCH-REPLY-41: on the new branch.",
    ]);
    expect(session.files).toEqual([]);
    expect(session.warnings).toEqual({});
    const tail = await reader.readTail(transcript, context, { last: 2 });
    expect(tail.messages.map((m) => m.text)).toEqual(texts.slice(-2));
  });
});

describe("reading never writes", () => {
  it("leaves Copilot's session.db and events untouched", async () => {
    const { transcript, context, reader } = await copyFixture("copilot/1.0.102/fix-median");
    const db = join(transcript, "..", "session.db");
    const before = [readFileSync(db), statSync(db).mtimeMs, readFileSync(transcript)];
    const session = await reader.readSession(transcript, context);
    expect(session.todos?.length).toBe(3);
    expect([readFileSync(db), statSync(db).mtimeMs, readFileSync(transcript)]).toEqual(before);
  });
});
