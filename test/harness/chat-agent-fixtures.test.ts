import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONTINUE_TOOLS,
  clineTools,
  NANOCODER_TOOLS,
} from "../support/fixtures/chat-agent-scenarios.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import {
  chatSessionProblems,
  readClineRaw,
  readContinueRaw,
  readNanocoderRaw,
} from "../support/fixtures/record-chat-agents.ts";

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
describe("recorded Continue CLI, Nanocoder and Cline CLI fixtures", () => {
  it("exist with at least two scenarios per agent", () => {
    for (const agent of ["continue", "nanocoder", "cline"])
      expect(scenarioDirs(agent).length).toBeGreaterThanOrEqual(2);
  });

  it.each(scenarioDirs("continue"))("%s: the session file holds every planted fact", (_n, dir) => {
    const facts = readFixtureFacts(dir);
    const raw = readContinueRaw(join(dir, facts.transcript));
    expect(chatSessionProblems(facts, raw, CONTINUE_TOOLS)).toEqual([]);
  });

  it.each(scenarioDirs("nanocoder"))("%s: the session file holds every planted fact", (_n, dir) => {
    const facts = readFixtureFacts(dir);
    const raw = readNanocoderRaw(join(dir, facts.transcript));
    expect(chatSessionProblems(facts, raw, NANOCODER_TOOLS)).toEqual([]);
  });

  it.each(scenarioDirs("cline"))("%s: the session files hold every planted fact", (_n, dir) => {
    const facts = readFixtureFacts(dir);
    const raw = readClineRaw(join(dir, facts.transcript));
    expect(chatSessionProblems(facts, raw, clineTools(facts.cwd))).toEqual([]);
  });
});
