import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { geminiFamilyProblems } from "../support/fixtures/gemini-family-checks.ts";
import { readGeminiChat } from "../support/fixtures/record-gemini.ts";
import { readQwenChat } from "../support/fixtures/record-qwen.ts";

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
describe("recorded Gemini CLI and Qwen Code fixtures", () => {
  it("exist with at least two scenarios per agent", () => {
    expect(scenarioDirs("gemini-cli").length).toBeGreaterThanOrEqual(2);
    expect(scenarioDirs("qwen-code").length).toBeGreaterThanOrEqual(2);
  });

  it.each(scenarioDirs("gemini-cli"))(
    "%s: the chat file holds every planted fact",
    (_name, dir) => {
      const facts = readFixtureFacts(dir);
      const chat = join(dir, facts.transcript);
      expect(geminiFamilyProblems(facts, readGeminiChat(chat))).toEqual([]);
      // The cwd is not in the chat file but in its project's marker.
      const marker = join(dirname(dirname(chat)), ".project_root");
      expect(readFileSync(marker, "utf8").trim()).toBe(facts.cwd);
    },
  );

  it.each(scenarioDirs("qwen-code"))("%s: the chat file holds every planted fact", (_name, dir) => {
    const facts = readFixtureFacts(dir);
    const raw = readQwenChat(join(dir, facts.transcript));
    expect(geminiFamilyProblems(facts, raw)).toEqual([]);
    expect(raw.branch).toBe(facts.branch);
  });
});
