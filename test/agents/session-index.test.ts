import {
  appendFileSync,
  cpSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AgentReader, SessionFilter } from "../../src/agents/agent-reader.ts";
import { claudeCodeReader } from "../../src/agents/claude-code/claude-code-reader.ts";
import { listSessions } from "../../src/agents/find-sessions.ts";
import { sessionIndexFiles } from "../../src/integrations/session-index-files.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * The sessions listing index on real recorded Claude Code sessions: a second listing reads
 * nothing, a session that grows or appears is read again (and only it), one that is gone
 * leaves the index, a damaged index is rebuilt, and no secret is written into it.
 */
const dir = makeTempDir("baton-session-index-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCENARIOS = ["fix-off-by-one", "config-default-port", "farewell-feature"];
const home = join(dir, "home");
const projects = join(home, ".claude", "projects");
for (const scenario of SCENARIOS) {
  cpSync(join(FIXTURES_ROOT, "claude-code", "2.1.332", scenario, "home"), home, {
    recursive: true,
  });
}
const env = { CLAUDE_CONFIG_DIR: join(home, ".claude"), XDG_STATE_HOME: join(dir, "state") };
const context = { env, homedir: home };
const indexFile = join(dir, "state", "baton", "sessions-index", "claude-code.json");

/** The real reader, counting the sessions each listing asks it to read whole. */
function countingReader(): { reader: AgentReader; read: string[][] } {
  const read: string[][] = [];
  const reader: AgentReader = {
    ...claudeCodeReader,
    listSessions(ctx, filter?: SessionFilter) {
      read.push([...(filter?.locations ?? ["<all>"])]);
      return claudeCodeReader.listSessions(ctx, filter);
    },
  };
  return { reader, read };
}

const list = (reader: AgentReader, cwd?: string) =>
  listSessions(context, [reader], { index: sessionIndexFiles(env), ...(cwd ? { cwd } : {}) });

function transcriptOf(scenario: string): string {
  const facts = readFixtureFacts(join(FIXTURES_ROOT, "claude-code", "2.1.332", scenario));
  const folder = readdirSync(projects).find((name) => name.endsWith(scenario)) as string;
  return join(projects, folder, `${facts.sessionId}.jsonl`);
}

describe("the sessions listing index", () => {
  it("reads every session once, then nothing while none changes", async () => {
    const first = countingReader();
    const cold = await list(first.reader);
    expect(cold.sessions.length).toBe(SCENARIOS.length);
    expect(first.read).toHaveLength(1);
    expect(first.read[0]).toHaveLength(SCENARIOS.length);
    const second = countingReader();
    const warm = await list(second.reader);
    expect(second.read).toEqual([]);
    expect(warm.sessions.map((s) => s.info)).toEqual(cold.sessions.map((s) => s.info));
    // Without the index the same rows: the index changes the cost, never the answer.
    const plain = await listSessions(context, [claudeCodeReader]);
    expect(warm.sessions.map((s) => s.info)).toEqual(plain.sessions.map((s) => s.info));
  });

  it("reads again only a session that grew, and shows what it gained", async () => {
    const path = transcriptOf("fix-off-by-one");
    const before = (await list(countingReader().reader)).sessions.find(
      (s) => s.info.location === path,
    );
    const last = readFileSync(path, "utf8").trimEnd().split("\n").at(-1) as string;
    const record = JSON.parse(last) as Record<string, unknown>;
    appendFileSync(
      path,
      `${JSON.stringify({
        ...record,
        type: "user",
        uuid: "00000000-0000-4000-8000-00000000beef",
        parentUuid: record.uuid ?? null,
        message: { role: "user", content: "one more request after the listing" },
      })}\n`,
    );
    const after = countingReader();
    const grown = (await list(after.reader)).sessions.find((s) => s.info.location === path);
    expect(after.read).toEqual([[path]]);
    expect(grown?.info.messageCount).toBe((before?.info.messageCount ?? 0) + 1);
  });

  it("does not rewrite the index for a folder's listing that learns nothing", async () => {
    await list(countingReader().reader);
    const outside = join(
      projects,
      "-home-baton-src-elsewhere",
      "22222222-2222-4222-8222-222222222222.jsonl",
    );
    cpSync(transcriptOf("fix-off-by-one"), outside);
    const facts = readFixtureFacts(
      join(FIXTURES_ROOT, "claude-code", "2.1.332", "farewell-feature"),
    );
    const before = statSync(indexFile).mtimeMs;
    const here = await list(countingReader().reader, facts.cwd);
    expect(here.sessions.map((s) => s.info.id)).toEqual([facts.sessionId]);
    expect(statSync(indexFile).mtimeMs).toBe(before);
    rmSync(outside);
  });

  it("drops a session that is gone, and lists a folder's sessions from the index", async () => {
    const path = transcriptOf("farewell-feature");
    const facts = readFixtureFacts(
      join(FIXTURES_ROOT, "claude-code", "2.1.332", "farewell-feature"),
    );
    const here = countingReader();
    const folder = await list(here.reader, facts.cwd);
    expect(here.read).toEqual([]);
    expect(folder.sessions.map((s) => s.info.id)).toEqual([facts.sessionId]);
    rmSync(path);
    const gone = countingReader();
    const listed = await list(gone.reader);
    expect(gone.read).toEqual([]);
    expect(listed.sessions.map((s) => s.info.location)).not.toContain(path);
    expect(Object.keys(JSON.parse(readFileSync(indexFile, "utf8")).rows)).not.toContain(path);
  });

  it("rebuilds an index that is damaged, hand-edited or of another version", async () => {
    const expected = (await list(countingReader().reader)).sessions.map((s) => s.info);
    for (const damage of [
      "{ not json",
      JSON.stringify({ version: 99, rows: {} }),
      JSON.stringify({ version: 1, rows: { [transcriptOf("fix-off-by-one")]: { info: 3 } } }),
    ]) {
      writeFileSync(indexFile, damage);
      const again = countingReader();
      const listed = await list(again.reader);
      expect(again.read.flat().length).toBeGreaterThan(0);
      expect(listed.sessions.map((s) => s.info)).toEqual(expected);
    }
  });

  it("never writes a secret from a first prompt into the index", async () => {
    const secret = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    const path = join(
      projects,
      "-home-baton-src-secret",
      "11111111-1111-4111-8111-111111111111.jsonl",
    );
    cpSync(transcriptOf("config-default-port"), path);
    const text = readFileSync(path, "utf8");
    const facts = readFixtureFacts(
      join(FIXTURES_ROOT, "claude-code", "2.1.332", "config-default-port"),
    );
    writeFileSync(
      path,
      text.replaceAll(facts.goal.slice(0, 20), `use ${secret} for ${facts.goal.slice(0, 20)}`),
    );
    await list(countingReader().reader);
    const index = readFileSync(indexFile, "utf8");
    const row = JSON.parse(index).rows[path];
    expect(row.info.firstPrompt).toMatch(/^use .+ for /);
    expect(index).not.toContain(secret);
  });
});
