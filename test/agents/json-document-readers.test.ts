import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadReader } from "../../src/adapters/registry.ts";
import type { ReaderContext } from "../../src/agents/agent-reader.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * The readers of agents that keep a session as one JSON document rewritten whole (Continue
 * CLI, Nanocoder, Cline CLI), on copies of real recorded sessions changed the ways a real file can be:
 * caught mid-rewrite, minified, holding records nobody planned for, very long.
 */
const FIXTURES = [
  "continue/1.5.47/fix-slugify",
  "continue/1.5.47/config-port",
  "nanocoder/1.30.0/fix-slugify",
  "nanocoder/1.30.0/config-port",
  "cline/3.0.65/fix-slugify",
  "cline/3.0.65/config-port",
].map((name) => join(FIXTURES_ROOT, name));

/** The conversation's array in each agent's document. */
const ARRAY_KEY: Record<string, string> = {
  continue: "history",
  nanocoder: "messages",
  cline: "messages",
};

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function copyFixture(dir: string) {
  const facts = readFixtureFacts(dir);
  const root = makeTempDir("baton-json-document-");
  temps.push(root);
  cpSync(join(dir, "home"), join(root, "home"), { recursive: true });
  const context: ReaderContext = { env: {}, homedir: join(root, "home") };
  const transcript = join(root, facts.transcript);
  const document = JSON.parse(readFileSync(transcript, "utf8")) as Record<string, unknown>;
  const key = ARRAY_KEY[facts.agent] as string;
  return {
    facts,
    root,
    transcript,
    context,
    document,
    key,
    items: document[key] as unknown[],
    reader: await loadReader(facts.agent),
  };
}

const write = (path: string, value: unknown, indent: number | undefined = 2) =>
  writeFileSync(path, JSON.stringify(value, null, indent));

describe.each(FIXTURES.map((dir) => [relative(FIXTURES_ROOT, dir), dir]))("%s", (_name, dir) => {
  it("reads a file caught while the agent rewrites it, and says so", async () => {
    const { transcript, context, reader, facts } = await copyFixture(dir);
    const text = readFileSync(transcript, "utf8");
    writeFileSync(transcript, text.slice(0, Math.floor(text.length * 0.6)));
    const session = await reader.readSession(transcript, context);
    expect(session.warnings).toEqual({ "truncated session file (still being written)": 1 });
    expect(session.firstUserMessage?.text).toBe(facts.goal);
    expect(session.id).toBe(facts.sessionId);
  });

  it("counts items it cannot read, of unknown roles or not objects, and reads on", async () => {
    const { transcript, context, reader, facts, document, key, items } = await copyFixture(dir);
    const whole = await reader.readSession(transcript, context);
    write(transcript, {
      ...document,
      [key]: [
        ...items.slice(0, 1),
        "a string",
        facts.agent === "continue"
          ? { message: { role: "critic", content: "no" } }
          : { role: "critic", content: "no" },
        ...items.slice(1),
      ],
    });
    const session = await reader.readSession(transcript, context);
    expect(session.warnings).toEqual({
      "record that is not an object": 1,
      "unknown message role critic": 1,
    });
    expect(session.messages.map((m) => m.text)).toEqual(whole.messages.map((m) => m.text));
    // A line broken inside an item: that item is lost and counted, the rest is read.
    const lines = readFileSync(transcript, "utf8").split("\n");
    const at = lines.findIndex((line) => line.includes('"critic"'));
    lines[at] = '      "role": critic",';
    writeFileSync(transcript, lines.join("\n"));
    const broken = await reader.readSession(transcript, context);
    expect(broken.warnings["invalid JSON in the session file"]).toBe(1);
    expect(broken.messages.at(-1)?.text).toContain(facts.openQuestion);
  });

  it("reads a minified file whole, to the same session", async () => {
    const { transcript, context, reader, document } = await copyFixture(dir);
    const pretty = await reader.readSession(transcript, context);
    write(transcript, document, undefined);
    const minified = await reader.readSession(transcript, context);
    expect(minified.warnings).toEqual({});
    expect(minified.messages).toEqual(pretty.messages);
    expect(minified.todos).toEqual(pretty.todos);
    expect(minified.files).toEqual(pretty.files);
    const tail = await reader.readTail(transcript, context, { last: 3 });
    expect(tail.messages).toEqual(pretty.messages.slice(-3));
  });

  it("reads the end of a long session from the end of the file, not its middle", async () => {
    const { transcript, context, reader, document, key, items, facts } = await copyFixture(dir);
    const long = Array.from({ length: 400 }, () => items.slice(1)).flat();
    write(transcript, { ...document, [key]: [items[0], ...long] });
    const whole = await reader.readSession(transcript, context);
    const tail = await reader.readTail(transcript, context, { last: 4 });
    expect(tail.warnings).toEqual({});
    expect(tail.messages).toEqual(whole.messages.slice(-4));
    // Break the middle of the conversation: the tail never gets there.
    const lines = readFileSync(transcript, "utf8").split("\n");
    const middle = Math.floor(lines.length / 2);
    lines.splice(middle, 1, "    not json at all");
    writeFileSync(transcript, lines.join("\n"));
    const again = await reader.readTail(transcript, context, { last: 4 });
    expect(again.warnings).toEqual({});
    expect(again.messages.at(-1)?.text).toContain(facts.openQuestion);
    expect((await reader.readSession(transcript, context)).warnings).not.toEqual({});
  });

  it("never writes the agent's store", async () => {
    const { root, transcript, context, reader, facts } = await copyFixture(dir);
    const snapshot = () =>
      listFiles(join(root, "home")).map((path) => {
        const info = statSync(path);
        return [path, info.mtimeMs, info.size, readFileSync(path, "utf8")];
      });
    const before = snapshot();
    await reader.listSessions(context, { cwd: facts.cwd });
    await reader.readSession(transcript, context);
    await reader.readTail(transcript, context, { last: 2 });
    await reader.peekSession(transcript, context);
    expect(snapshot()).toEqual(before);
  });
});

it("takes a Continue CLI compaction item as the summary, not as a message", async () => {
  const { transcript, context, reader, document, items } = await copyFixture(FIXTURES[0] as string);
  const summary = "Summary: slugify() was fixed; a deslugify() helper is still to write.";
  const compaction = {
    message: { role: "assistant", content: summary },
    contextItems: [],
    conversationSummary: summary,
  };
  write(transcript, { ...document, history: [compaction, ...items.slice(1)] });
  const session = await reader.readSession(transcript, context);
  expect(session.compactions).toEqual([{ text: summary, at: null, trigger: null }]);
  expect(session.messages.map((m) => m.text)).not.toContain(summary);
  expect(session.warnings).toEqual({});
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
