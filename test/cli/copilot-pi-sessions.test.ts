import { cpSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/**
 * `baton sessions --all`, `baton read` and `baton create --from` on recorded GitHub Copilot
 * CLI and Pi sessions, both agents' stores in one HOME (a copy: readers must not need to write).
 */
const copilot = readFixtureFacts(join(FIXTURES_ROOT, "copilot/1.0.102/fix-median"));
const pi = readFixtureFacts(join(FIXTURES_ROOT, "pi/1.6.0/retry-limit"));
const home = makeTempDir("baton-home-");
cpSync(join(FIXTURES_ROOT, "copilot/1.0.102/fix-median/home"), home, { recursive: true });
cpSync(join(FIXTURES_ROOT, "pi/1.6.0/retry-limit/home"), home, { recursive: true });
const empty = makeTempDir("baton-empty-");
const env = {
  HOME: home,
  CLAUDE_CONFIG_DIR: join(empty, "claude"),
  CODEX_HOME: join(empty, "codex"),
  XDG_DATA_HOME: join(empty, "data"),
};

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

describe("baton on Copilot CLI and Pi sessions", () => {
  it("lists both agents' sessions with --all, and each in its own folder", async () => {
    const all = await runInProcess(["sessions", "--all", "--json"], { cwd: "/", env });
    expect(all.code, all.stderr).toBe(0);
    const sessions = JSON.parse(all.stdout).sessions as Array<Record<string, unknown>>;
    expect(sessions).toContainEqual(
      expect.objectContaining({
        agent: "copilot",
        id: copilot.sessionId,
        cwd: copilot.cwd,
        branch: copilot.branch,
        model: copilot.model,
      }),
    );
    expect(sessions).toContainEqual(
      expect.objectContaining({ agent: "pi", id: pi.sessionId, cwd: pi.cwd, model: pi.model }),
    );
    const table = await runInProcess(["sessions", "--all"], { cwd: "/", env });
    expect(table.stdout).toContain(copilot.goal.slice(0, 30));
    expect(table.stdout).toContain(pi.goal.slice(0, 30));
    const here = await runInProcess(["sessions", "--json"], { cwd: pi.cwd, env });
    expect(JSON.parse(here.stdout).sessions.map((s: { id: string }) => s.id)).toEqual([
      pi.sessionId,
    ]);
  });

  it.each([
    ["copilot", copilot],
    ["pi", pi],
  ])("reads a %s session by id prefix, with its checks and exit codes", async (_agent, facts) => {
    const run = await runInProcess(["read", facts.sessionId.slice(0, 8), "--last", "30"], {
      cwd: "/",
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`session ${facts.sessionId}`);
    expect(run.stdout).toContain(facts.openQuestion);
    for (const command of facts.commands)
      expect(run.stdout).toContain(`${command.command} (exit ${command.exitCode})`);
  });

  it.each([
    ["copilot", copilot],
    ["pi", pi],
  ])("creates a handoff from a %s session", async (agent, facts) => {
    repo = makeTempRepo({ branch: facts.branch });
    const run = await runInProcess(
      ["create", "--from", agent, "--session", facts.sessionId, "--json"],
      { cwd: repo.dir, env },
    );
    expect(run.code, run.stderr).toBe(0);
    const handoff = parseDocument(readFileSync(JSON.parse(run.stdout).path, "utf8"));
    expect(handoff.source).toMatchObject({ agent, sessionId: facts.sessionId, model: facts.model });
    expect(handoff.sections.goal?.text?.startsWith(facts.goal)).toBe(true);
    const failing = handoff.sections.validation?.find((check) => check.exitCode !== 0);
    expect(failing?.errorLine).toContain(facts.failingError);
    expect(handoff.sections.openQuestions?.[0]?.text).toBe(facts.openQuestion);
    for (const pending of facts.todos.pending)
      expect(handoff.sections.todos?.map((todo) => todo.text)).toContain(pending);
  });
});
