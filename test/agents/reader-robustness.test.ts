import {
  appendFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadReaders } from "../../src/adapters/registry.ts";
import type { ReaderContext } from "../../src/agents/agent-reader.ts";
import { findSession } from "../../src/agents/find-sessions.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * Damaged copies of real recorded transcripts: a reader must never crash on them, must
 * keep what it can read, and must count what it skipped.
 */
const JSONL_FIXTURES = ["claude-code/2.1.197/fix-off-by-one", "codex"]
  .map((name) => join(FIXTURES_ROOT, name))
  .flatMap((dir) => firstFixture(dir));

/** A scenario folder as named, or else the first scenario recorded for that agent, if any. */
function firstFixture(dir: string): string[] {
  if (existsSync(join(dir, "facts.json"))) return [dir];
  if (!existsSync(dir)) return [];
  for (const version of readdirSync(dir)) {
    for (const scenario of readdirSync(join(dir, version))) return [join(dir, version, scenario)];
  }
  return [];
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const READERS = await loadReaders();
const readerOf = (agent: string) => {
  const reader = READERS.find((candidate) => candidate.agent === agent);
  if (reader === undefined) throw new Error(`no reader for ${agent}`);
  return reader;
};

/** A fresh copy of a fixture's home, and the transcript inside it to damage. */
function copyFixture(dir: string) {
  const facts = readFixtureFacts(dir);
  const root = makeTempDir("baton-damaged-");
  temps.push(root);
  cpSync(join(dir, "home"), join(root, "home"), { recursive: true });
  const transcript = join(root, facts.transcript);
  const context: ReaderContext = { env: {}, homedir: join(root, "home") };
  return { facts, transcript, context, reader: readerOf(facts.agent) };
}

describe.each(JSONL_FIXTURES.map((dir) => [dir.slice(FIXTURES_ROOT.length + 1), dir]))(
  "%s, damaged",
  (_name, dir) => {
    it("reads a session whose last line is still being written, and says so", async () => {
      const { transcript, context, reader, facts } = copyFixture(dir);
      const lines = readFileSync(transcript, "utf8").trimEnd().split("\n");
      const half = (lines.at(-2) as string).slice(0, 40);
      appendFileSync(transcript, half);
      const session = await reader.readSession(transcript, context);
      expect(session.warnings).toEqual({ "truncated last line (still being written)": 1 });
      expect(session.firstUserMessage?.text).toBe(facts.goal);
      const tail = await reader.readTail(transcript, context, { last: 5 });
      expect(tail.messages.length).toBeGreaterThan(0);
      expect(tail.warnings["truncated last line (still being written)"]).toBe(1);
    });

    it("skips and counts invalid JSON lines, records that are not objects, and unknown record types", async () => {
      const { transcript, context, reader, facts } = copyFixture(dir);
      const lines = readFileSync(transcript, "utf8").trimEnd().split("\n");
      lines.splice(
        2,
        0,
        "{not json at all",
        "[1,2,3]",
        JSON.stringify({ type: "hologram", payload: { x: 1 } }),
      );
      writeFileSync(transcript, `${lines.join("\n")}\n`);
      const session = await reader.readSession(transcript, context);
      expect(session.warnings["invalid JSON line"]).toBe(1);
      expect(session.warnings["record that is not an object"]).toBe(1);
      expect(session.warnings["unknown record type hologram"]).toBe(1);
      expect(session.firstUserMessage?.text).toBe(facts.goal);
      expect(session.todos?.length).toBe(facts.todos.done.length + facts.todos.pending.length);
    });

    it("survives a line of more than 10 MB (an inline image) and reads past it", async () => {
      const { transcript, context, reader, facts } = copyFixture(dir);
      const lines = readFileSync(transcript, "utf8").trimEnd().split("\n");
      const image = "iVBORw0KGgo".repeat(1_300_000);
      const huge =
        facts.agent === "claude-code"
          ? {
              type: "user",
              message: {
                role: "user",
                content: [
                  {
                    type: "image",
                    source: { type: "base64", media_type: "image/png", data: image },
                  },
                ],
              },
            }
          : {
              timestamp: "2026-11-21T00:00:00Z",
              type: "response_item",
              payload: {
                type: "message",
                role: "user",
                content: [{ type: "input_image", image_url: `data:image/png;base64,${image}` }],
              },
            };
      lines.splice(3, 0, JSON.stringify(huge));
      writeFileSync(transcript, `${lines.join("\n")}\n`);
      expect(readFileSync(transcript).length).toBeGreaterThan(12 * 1024 * 1024);
      const session = await reader.readSession(transcript, context);
      expect(session.firstUserMessage?.text).toBe(facts.goal);
      expect(session.messages.some((message) => message.text.includes(facts.openQuestion))).toBe(
        true,
      );
      const tail = await reader.readTail(transcript, context, { last: 3 });
      expect(tail.messages.some((message) => message.text.includes(facts.openQuestion))).toBe(true);
    });

    it("keeps going through records with missing fields", async () => {
      const { transcript, context, reader } = copyFixture(dir);
      const stripped =
        readFixtureFacts(dir).agent === "claude-code"
          ? [
              { type: "user" },
              { type: "assistant" },
              { type: "user", message: { content: [{ type: "tool_result" }] } },
              { type: "system", subtype: "compact_boundary" },
            ]
          : [
              { type: "response_item" },
              { type: "response_item", payload: { type: "function_call" } },
              { type: "event_msg", payload: { type: "token_count", info: null } },
              { type: "session_meta", payload: {} },
            ];
      appendFileSync(
        transcript,
        `${stripped.map((record) => JSON.stringify(record)).join("\n")}\n`,
      );
      const session = await reader.readSession(transcript, context);
      expect(session.messages.length).toBeGreaterThan(0);
      await expect(reader.readTail(transcript, context, { last: 20 })).resolves.toBeDefined();
    });

    it("reads an empty transcript as a session without messages", async () => {
      const { transcript, context, reader } = copyFixture(dir);
      writeFileSync(transcript, "");
      const session = await reader.readSession(transcript, context);
      expect(session.messages).toEqual([]);
      expect(session.messageCount).toBe(0);
      expect((await reader.readTail(transcript, context, { last: 20 })).messages).toEqual([]);
      // Still found by its id, from its file name.
      const found = await findSession(context, READERS, { id: readFixtureFacts(dir).sessionId });
      expect(found.info.location).toBe(transcript);
    });
  },
);
