import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { copilotEventProblems, readCopilotEvents } from "../support/fixtures/record-copilot.ts";
import { piSessionProblems, readPiEntries } from "../support/fixtures/record-pi.ts";

/** The `<version>/<scenario>` folders of one agent that hold a facts.json. */
function scenarioDirs(agent: string): Array<[string, string]> {
  const root = join(FIXTURES_ROOT, agent);
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((version) =>
    readdirSync(join(root, version))
      .map((scenario) => join(root, version, scenario))
      .filter((dir) => existsSync(join(dir, "facts.json")))
      .map((dir): [string, string] => [dir.slice(FIXTURES_ROOT.length + 1), dir]),
  );
}

// The recorders' own checks, re-run on the committed files without the agents.
describe("recorded Copilot CLI and Pi fixtures", () => {
  it("exist with at least two scenarios per agent, one of them compacted", () => {
    for (const agent of ["copilot", "pi"]) {
      const dirs = scenarioDirs(agent);
      expect(dirs.length).toBeGreaterThanOrEqual(2);
      expect(dirs.some(([, dir]) => readFixtureFacts(dir).compacted)).toBe(true);
    }
  });

  it.each(scenarioDirs("copilot"))("%s: the event log holds every planted fact", (_name, dir) => {
    const facts = readFixtureFacts(dir);
    const path = join(dir, facts.transcript);
    const events = readCopilotEvents(path);
    expect(copilotEventProblems(facts, events, join(path, "..", "session.db"))).toEqual([]);
    const start = events.find((e) => e.type === "session.start")?.data as
      | { context?: { cwd?: string } }
      | undefined;
    expect(start?.context?.cwd).toBe(facts.cwd);
  });

  it.each(scenarioDirs("pi"))("%s: the session file holds every planted fact", (_name, dir) => {
    const facts = readFixtureFacts(dir);
    const entries = readPiEntries(join(dir, facts.transcript));
    expect(piSessionProblems(facts, entries)).toEqual([]);
    expect(entries[0]?.cwd).toBe(facts.cwd);
  });
});
