import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/**
 * Issue 16: one HOME holding sessions the real Claude Code, Codex, OpenCode, GitHub Copilot
 * CLI, Gemini CLI and Pi recorded (copies of the fixtures' stores, each in its agent's
 * default place), listed together by `baton sessions --all` in one table.
 */
const SCENARIOS = [
  "claude-code/2.1.197/fix-off-by-one",
  "codex/0.169.0/fix-slugify",
  "opencode/1.18.33/fix-fahrenheit",
  "copilot/1.0.102/fix-median",
  "gemini-cli/0.61.0/fix-median",
  "pi/1.6.0/fix-clamp",
].map((name) => readFixtureFacts(join(FIXTURES_ROOT, name)));
const home = makeTempDir("baton-six-");
for (const facts of SCENARIOS) {
  cpSync(join(FIXTURES_ROOT, facts.agent, facts.agentVersion, facts.scenario, "home"), home, {
    recursive: true,
  });
}
const env = {
  HOME: home,
  CLAUDE_CONFIG_DIR: join(home, ".claude"),
  CODEX_HOME: join(home, ".codex"),
  XDG_DATA_HOME: join(home, ".local", "share"),
};
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("baton sessions --all over six agents' stores", () => {
  it("lists every agent's session once, with its folder and model, in one table", async () => {
    const json = await runInProcess(["sessions", "--all", "--json"], { cwd: "/", env });
    expect(json.code, json.stderr).toBe(0);
    const sessions = JSON.parse(json.stdout).sessions as Array<Record<string, unknown>>;
    for (const facts of SCENARIOS) {
      expect(sessions.filter((s) => s.id === facts.sessionId)).toEqual([
        expect.objectContaining({ agent: facts.agent, cwd: facts.cwd, model: facts.model }),
      ]);
    }
    const table = await runInProcess(["sessions", "--all"], { cwd: "/", env });
    expect(table.code, table.stderr).toBe(0);
    const rows = table.stdout.split("\n");
    for (const facts of SCENARIOS) {
      expect(rows.filter((row) => row.includes(facts.sessionId.slice(0, 8)))).toHaveLength(1);
    }
  });
});
