import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { codexRolloutProblems, readRollout } from "../support/fixtures/record-codex.ts";
import {
  openCodeSessionProblems,
  readOpenCodeSession,
} from "../support/fixtures/record-opencode.ts";

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

// The recorders' own checks, re-run on the committed files: a fixture edited by hand, or a
// stabilisation that broke the transcript, shows up here without running the agents.
describe("recorded Codex and OpenCode fixtures", () => {
  it("exist with at least three scenarios per agent", () => {
    expect(scenarioDirs("codex").length).toBeGreaterThanOrEqual(3);
    expect(scenarioDirs("opencode").length).toBeGreaterThanOrEqual(3);
    expect(scenarioDirs("kilo").length).toBeGreaterThanOrEqual(2);
  });

  it.each(scenarioDirs("codex"))("%s: the rollout holds every planted fact", (_name, dir) => {
    const facts = readFixtureFacts(dir);
    const lines = readRollout(join(dir, facts.transcript));
    expect(codexRolloutProblems(facts, lines)).toEqual([]);
    const meta = lines[0]?.payload as { cwd?: string } | undefined;
    expect(meta?.cwd).toBe(facts.cwd);
  });

  // Kilo CLI keeps OpenCode's database layout, so the same check holds for its fixtures.
  it.each([...scenarioDirs("opencode"), ...scenarioDirs("kilo")])(
    "%s: the database holds every planted fact",
    (_name, dir) => {
      const facts = readFixtureFacts(dir);
      const path = join(dir, facts.transcript);
      // One self-contained file: a WAL left beside it would hold rows the file lacks.
      expect(existsSync(`${path}-wal`)).toBe(false);
      expect(openCodeSessionProblems(facts, readOpenCodeSession(path, facts.sessionId))).toEqual(
        [],
      );
    },
  );

  it("include an OpenCode session that compacted", () => {
    expect(scenarioDirs("opencode").some(([, dir]) => readFixtureFacts(dir).compacted)).toBe(true);
  });
});
