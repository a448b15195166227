import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";

/** Every `<agent>/<version>/<scenario>` folder holding a facts.json. */
function fixtureDirs(): string[] {
  if (!existsSync(FIXTURES_ROOT)) return [];
  const dirsIn = (dir: string) =>
    readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isDirectory());
  return dirsIn(FIXTURES_ROOT)
    .flatMap(dirsIn)
    .flatMap(dirsIn)
    .filter((dir) => existsSync(join(dir, "facts.json")));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

describe("recorded fixtures", () => {
  const dirs = fixtureDirs();

  it("exist for Claude Code with at least three scenarios", () => {
    const claude = dirs.filter((dir) => readFixtureFacts(dir).agent === "claude-code");
    expect(claude.length).toBeGreaterThanOrEqual(3);
  });

  it.each(dirs.map((dir) => [dir.slice(FIXTURES_ROOT.length + 1), dir]))(
    "%s: facts are valid, name their folder, and point at a transcript",
    (_name, dir) => {
      const facts = readFixtureFacts(dir);
      expect(dir.endsWith(join(facts.agent, facts.agentVersion, facts.scenario))).toBe(true);
      expect(existsSync(join(dir, facts.transcript))).toBe(true);
      expect(facts.commands.some((c) => c.exitCode !== 0)).toBe(true);
      // Most scenarios end on the fixed check; issue 12's end on the failure (and the
      // failing test when they name one), which the handoff must then carry.
      if (facts.failingTest !== undefined) expect(facts.commands.at(-1)?.exitCode).not.toBe(0);
      // An agent without a todo tool (Pi) plants none; every other scenario plants both kinds.
      if (facts.todoTool !== "none") {
        expect(facts.todos.done.length).toBeGreaterThan(0);
        expect(facts.todos.pending.length).toBeGreaterThan(0);
      }
    },
  );

  it.each(dirs.map((dir) => [dir.slice(FIXTURES_ROOT.length + 1), dir]))(
    "%s: no machine-specific temporary path survived",
    (_name, dir) => {
      for (const file of filesUnder(dir)) {
        const bytes = readFileSync(file);
        if (bytes.includes(0)) continue;
        expect(bytes.toString("utf8"), file).not.toMatch(/baton-(home|repo)-[A-Za-z0-9]{6}/);
      }
    },
  );

  it.each(
    dirs
      .filter((dir) => readFixtureFacts(dir).agent === "claude-code")
      .map((dir) => [dir.slice(FIXTURES_ROOT.length + 1), dir]),
  )("%s: the Claude Code transcript matches its facts", (_name, dir) => {
    const facts = readFixtureFacts(dir);
    const records = readFileSync(join(dir, facts.transcript), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const conversation = records.filter((r) => r.type === "user" || r.type === "assistant");
    expect(new Set(conversation.map((r) => r.sessionId))).toEqual(new Set([facts.sessionId]));
    expect(new Set(conversation.map((r) => r.cwd))).toEqual(new Set([facts.cwd]));
    expect(conversation.every((r) => r.gitBranch === facts.branch)).toBe(true);
    const text = JSON.stringify(records);
    for (const planted of [facts.failingError, facts.decision, facts.openQuestion]) {
      expect(text).toContain(JSON.stringify(planted).slice(1, -1));
    }
  });
});
