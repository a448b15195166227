import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadReader } from "../../src/adapters/registry.ts";
import type { ReaderContext } from "../../src/agents/agent-reader.ts";
import { findSession, listSessions } from "../../src/agents/find-sessions.ts";
import type { Session } from "../../src/core/session.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * What Gemini CLI's append-only chat files and Qwen Code's event files can hold beyond the
 * recorded scenarios, built from copies of real recorded sessions.
 */
const GEMINI = join(FIXTURES_ROOT, "gemini-cli/0.61.0/config-port");
const QWEN = join(FIXTURES_ROOT, "qwen-code/0.24.4/config-port");
const COMPRESSED = join(FIXTURES_ROOT, "gemini-cli/0.61.0/clamp-compress");

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function copyFixture(dir: string) {
  const facts = readFixtureFacts(dir);
  const root = makeTempDir("baton-gemini-format-");
  temps.push(root);
  cpSync(join(dir, "home"), join(root, "home"), { recursive: true });
  const context: ReaderContext = { env: {}, homedir: join(root, "home") };
  return {
    facts,
    transcript: join(root, facts.transcript),
    context,
    reader: await loadReader(facts.agent),
  };
}

const records = (path: string) =>
  readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const commandsOf = (session: Session) =>
  session.messages
    .flatMap((message) => message.toolCalls)
    .filter((call) => call.category === "shell")
    .map((call) => ({ command: call.command, exitCode: call.exitCode }));

describe("Gemini CLI chat files", () => {
  it("reads the turns recorded as bare records after a $set that restated the conversation", async () => {
    const { transcript, context, reader, facts } = await copyFixture(GEMINI);
    const lines = records(transcript);
    const lastSet = lines.findLastIndex((record) =>
      Array.isArray((record.$set as { messages?: unknown } | undefined)?.messages),
    );
    // The resumed run restated the conversation; the second prompt and the question came after.
    expect(lastSet).toBeGreaterThan(0);
    const after = JSON.stringify(lines.slice(lastSet + 1));
    expect(after).toContain(facts.prompts[1]);
    expect(after).toContain(facts.openQuestion);
    const session = await reader.readSession(transcript, context);
    const users = session.messages.filter((message) => message.role === "user");
    expect(users.map((message) => message.text)).toEqual(facts.prompts);
    expect(session.messages.at(-1)?.text).toContain(facts.openQuestion);
    // Each turn once, though the file holds most of them two or three times.
    const ids = session.messages.map((message) => message.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(commandsOf(session)).toEqual(facts.commands);
  });

  it("keeps the turns before a compression and takes its snapshot as a compaction", async () => {
    const { transcript, context, reader, facts } = await copyFixture(COMPRESSED);
    // Gemini CLI itself restarts from the restatement: the snapshot and a canned reply.
    const restated = records(transcript)
      .map(
        (record) =>
          (record.$set as { messages?: Array<{ content: unknown }> } | undefined)?.messages,
      )
      .filter((messages) => messages !== undefined)
      .at(-1);
    expect(JSON.stringify(restated)).toContain("<state_snapshot>");
    expect(JSON.stringify(restated)).not.toContain(facts.prompts[0]);
    const session = await reader.readSession(transcript, context);
    expect(session.compactions).toHaveLength(1);
    expect(session.compactions[0]?.text).toMatch(/^<state_snapshot>/);
    const texts = session.messages.map((message) => message.text);
    expect(texts).toContain(facts.prompts[0]);
    expect(texts).not.toContain("Got it. Thanks for the additional context!");
    expect(commandsOf(session)).toEqual(facts.commands);
  });

  it("leaves hooks' context out of the prompt it travels in", async () => {
    const { transcript, context, reader } = await copyFixture(GEMINI);
    const at = "2026-12-06T18:00:00.000Z";
    appendFileSync(
      transcript,
      [
        {
          id: "h1",
          timestamp: at,
          type: "user",
          content: [{ text: "<hook_context>Continue from the handoff.</hook_context>\n\nGo on." }],
        },
        { id: "h2", timestamp: at, type: "gemini", content: "Going on.", model: "gemini-2.5-pro" },
      ]
        .map((record) => JSON.stringify(record))
        .join("\n"),
    );
    const session = await reader.readSession(transcript, context);
    expect(session.messages.slice(-2).map((message) => message.text)).toEqual([
      "Go on.",
      "Going on.",
    ]);
    const tail = await reader.readTail(transcript, context, { last: 2 });
    expect(tail.messages.map((message) => message.text)).toEqual(["Go on.", "Going on."]);
  });

  it("takes the session's own file, not the stub a resume in another minute leaves beside it", async () => {
    const { transcript, context, reader, facts } = await copyFixture(GEMINI);
    // What Gemini CLI 0.61.0 writes when `--resume` starts in another minute than the
    // session did: the metadata and the workspace context under a name of its own.
    const [metadata, context0] = records(transcript);
    const stub = join(
      transcript,
      "..",
      `session-2000-01-01T00-00-${facts.sessionId.slice(0, 8)}.jsonl`,
    );
    writeFileSync(stub, `${JSON.stringify(metadata)}\n${JSON.stringify(context0)}\n`);
    const { sessions } = await listSessions(context, [reader], { cwd: facts.cwd });
    expect(sessions.map((found) => found.info.location)).toEqual([transcript]);
    const found = await findSession(context, [reader], { id: facts.sessionId });
    expect(found.info.location).toBe(transcript);
  });

  it("drops the messages a $rewindTo removes, from the tail as well", async () => {
    const { transcript, context, reader, facts } = await copyFixture(GEMINI);
    const secondPrompt = records(transcript).find(
      (record) =>
        record.type === "user" && JSON.stringify(record.content).includes(facts.prompts[1] ?? "-"),
    );
    appendFileSync(transcript, `${JSON.stringify({ $rewindTo: secondPrompt?.id })}\n`);
    const session = await reader.readSession(transcript, context);
    expect(session.messages.map((message) => message.text)).not.toContain(facts.prompts[1]);
    expect(session.messages.at(-1)?.text).toBe("The config check passes now.");
    const tail = await reader.readTail(transcript, context, { last: 2 });
    expect(tail.messages.at(-1)?.text).toBe("The config check passes now.");
  });

  it("reads a session file of older versions (one JSON document) like its JSONL successor", async () => {
    const { transcript, context, reader, facts } = await copyFixture(GEMINI);
    const jsonl = await reader.readSession(transcript, context);
    // The document older Gemini CLI versions wrote: the metadata and every message, once.
    const lines = records(transcript);
    const messages = new Map<string, Record<string, unknown>>();
    for (const record of lines) if (typeof record.id === "string") messages.set(record.id, record);
    const legacy = transcript.replace(/\.jsonl$/, ".json");
    writeFileSync(legacy, JSON.stringify({ ...lines[0], messages: [...messages.values()] }));
    rmSync(transcript);
    const session = await reader.readSession(legacy, context);
    expect(session.id).toBe(facts.sessionId);
    expect(session.cwd).toBe(facts.cwd);
    expect(session.messages.map((message) => message.text)).toEqual(
      jsonl.messages.map((message) => message.text),
    );
    expect(commandsOf(session)).toEqual(facts.commands);
    expect(session.todos).toEqual(jsonl.todos);
    expect(session.warnings).toEqual({});
    const tail = await reader.readTail(legacy, context, { last: 1 });
    expect(tail.messages[0]?.text).toContain(facts.openQuestion);
  });

  it("counts what it does not know and a line still being written, never failing", async () => {
    const { transcript, context, reader, facts } = await copyFixture(GEMINI);
    appendFileSync(
      transcript,
      [
        "{not json",
        JSON.stringify({ hologram: true }),
        JSON.stringify({ id: "x1", type: "telepathy", content: "?" }),
        JSON.stringify({ id: "x2", type: "info", content: "Request cancelled." }),
        '{"id":"x3","type":"gem',
      ].join("\n"),
    );
    const session = await reader.readSession(transcript, context);
    expect(session.warnings).toEqual({
      "invalid JSON line": 1,
      "unknown record": 1,
      "unknown message type telepathy": 1,
      "truncated last line (still being written)": 1,
    });
    expect(session.messages.at(-1)?.text).toContain(facts.openQuestion);
    const tail = await reader.readTail(transcript, context, { last: 1 });
    expect(tail.messages[0]?.text).toContain(facts.openQuestion);
  });
});

describe("Qwen Code chat files", () => {
  it("counts unknown records, results without their call and a line still being written", async () => {
    const { transcript, context, reader, facts } = await copyFixture(QWEN);
    const base = records(transcript)[0] ?? {};
    appendFileSync(
      transcript,
      [
        JSON.stringify({ ...base, type: "hologram" }),
        JSON.stringify({
          ...base,
          type: "tool_result",
          message: { role: "user", parts: [{ functionResponse: { id: "nope", response: {} } }] },
        }),
        '{"uuid":"x","type":"assis',
      ].join("\n"),
    );
    const session = await reader.readSession(transcript, context);
    expect(session.warnings).toEqual({
      "unknown record type hologram": 1,
      "tool result without its call": 1,
      "truncated last line (still being written)": 1,
    });
    expect(session.messages.at(-1)?.text).toContain(facts.openQuestion);
    expect(commandsOf(session)).toEqual(facts.commands);
  });
});
