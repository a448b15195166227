import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/**
 * `baton sessions`, `read` and `create --from` on real recorded Kilo CLI sessions, found
 * through `XDG_DATA_HOME` (Kilo keeps OpenCode's database layout in `kilo/kilo.db`).
 */
const FIXTURE = join(FIXTURES_ROOT, "kilo/7.7.7/fix-fahrenheit");
const facts = readFixtureFacts(FIXTURE);

const empty = makeTempDir("baton-empty-");
const env = {
  HOME: empty,
  CLAUDE_CONFIG_DIR: join(empty, "claude"),
  CODEX_HOME: join(empty, "codex"),
  XDG_DATA_HOME: join(FIXTURE, "home", ".local", "share"),
};

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe("baton on Kilo CLI sessions", () => {
  it("lists the session with --all, and in its own folder", async () => {
    const all = await runInProcess(["sessions", "--all", "--json"], { cwd: "/", env });
    expect(all.code, all.stderr).toBe(0);
    const sessions = JSON.parse(all.stdout).sessions as Array<Record<string, unknown>>;
    expect(sessions).toContainEqual(
      expect.objectContaining({ agent: "kilo", id: facts.sessionId, cwd: facts.cwd }),
    );
    const here = await runInProcess(["sessions", "--agent", "kilo"], { cwd: facts.cwd, env });
    expect(here.stdout).toContain(facts.sessionId);
    expect(here.stdout).toContain(facts.goal.slice(0, 30));
  });

  it("reads the session by id prefix, with commands and exit codes", async () => {
    const run = await runInProcess(["read", facts.sessionId.slice(0, 12), "--last", "30"], {
      cwd: "/",
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`session ${facts.sessionId}`);
    expect(run.stdout).toContain(facts.openQuestion);
    for (const command of facts.commands)
      expect(run.stdout).toContain(`${command.command} (exit ${command.exitCode})`);
  });

  it("creates a handoff --from kilo with its goal, pending todo, failing check and question", async () => {
    repo = makeTempRepo({ branch: facts.branch });
    const run = await runInProcess(
      ["create", "--from", "kilo", "--session", facts.sessionId.slice(0, 12), "--json"],
      { cwd: repo.dir, env },
    );
    expect(run.code, run.stderr).toBe(0);
    const handoff = parseDocument(readFileSync(JSON.parse(run.stdout).path, "utf8"));
    expect(handoff.source).toMatchObject({
      agent: "kilo",
      sessionId: facts.sessionId,
      model: facts.model,
    });
    expect(handoff.sections.goal?.text).toBe(facts.goal);
    expect(handoff.sections.todos?.map((todo) => todo.text)).toContain(facts.todos.pending[0]);
    const failing = handoff.sections.validation?.find(
      (check) => check.exitCode === facts.commands[0]?.exitCode,
    );
    expect(failing?.errorLine).toContain(facts.failingError.slice(0, 30));
    expect(handoff.sections.openQuestions?.[0]?.text).toBe(facts.openQuestion);
  });
});
