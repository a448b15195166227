import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/**
 * `baton sessions`, `read` and `create --from` on real recorded Continue CLI, Nanocoder and
 * Cline CLI sessions, found through the agents' own variables (`CONTINUE_GLOBAL_DIR`,
 * `NANOCODER_DATA_DIR`, `CLINE_DATA_DIR`).
 */
const FIXTURES = {
  continue: join(FIXTURES_ROOT, "continue/1.5.47/fix-slugify"),
  nanocoder: join(FIXTURES_ROOT, "nanocoder/1.30.0/config-port"),
  cline: join(FIXTURES_ROOT, "cline/3.0.65/fix-slugify"),
} as const;
const cont = readFixtureFacts(FIXTURES.continue);
const nano = readFixtureFacts(FIXTURES.nanocoder);
const cline = readFixtureFacts(FIXTURES.cline);

const empty = makeTempDir("baton-empty-");
const env = {
  HOME: empty,
  CLAUDE_CONFIG_DIR: join(empty, "claude"),
  CODEX_HOME: join(empty, "codex"),
  XDG_DATA_HOME: join(empty, "data"),
  CONTINUE_GLOBAL_DIR: join(FIXTURES.continue, "home", ".continue"),
  NANOCODER_DATA_DIR: join(FIXTURES.nanocoder, "home", ".local", "share", "nanocoder"),
  CLINE_DATA_DIR: join(FIXTURES.cline, "home", ".cline", "data"),
};

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe("baton on Continue CLI, Nanocoder and Cline CLI sessions", () => {
  it("lists their sessions with --all, and each in its own folder", async () => {
    const all = await runInProcess(["sessions", "--all", "--json"], { cwd: "/", env });
    expect(all.code, all.stderr).toBe(0);
    const sessions = JSON.parse(all.stdout).sessions as Array<Record<string, unknown>>;
    for (const facts of [cont, nano, cline])
      expect(sessions).toContainEqual(
        expect.objectContaining({
          agent: facts.agent,
          id: facts.sessionId,
          cwd: facts.cwd,
          model: facts.model,
        }),
      );
    const here = await runInProcess(["sessions"], { cwd: cont.cwd, env });
    expect(here.stdout).toContain(cont.sessionId);
    expect(here.stdout).toContain(cont.goal.slice(0, 30));
    expect(here.stdout).not.toContain(nano.sessionId);
    const one = await runInProcess(["sessions", "--agent", "nanocoder"], { cwd: nano.cwd, env });
    expect(one.stdout).toContain(nano.sessionId);
  });

  it.each([
    ["continue", cont],
    ["nanocoder", nano],
    ["cline", cline],
  ] as const)(
    "reads a %s session by id prefix, with commands and exit codes",
    async (_agent, facts) => {
      const run = await runInProcess(["read", facts.sessionId.slice(0, 8), "--last", "30"], {
        cwd: "/",
        env,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`session ${facts.sessionId}`);
      expect(run.stdout).toContain(facts.openQuestion);
      for (const command of facts.commands)
        expect(run.stdout).toContain(`${command.command} (exit ${command.exitCode})`);
    },
  );

  it.each([
    ["continue", cont],
    ["nanocoder", nano],
    ["cline", cline],
  ] as const)(
    "creates a handoff --from %s with its goal, pending todo (if any), failing check and question",
    async (agent, facts) => {
      repo = makeTempRepo({ branch: facts.branch });
      const run = await runInProcess(
        ["create", "--from", agent, "--session", facts.sessionId.slice(0, 8), "--json"],
        { cwd: repo.dir, env },
      );
      expect(run.code, run.stderr).toBe(0);
      const handoff = parseDocument(readFileSync(JSON.parse(run.stdout).path, "utf8"));
      expect(handoff.source).toMatchObject({
        agent,
        sessionId: facts.sessionId,
        model: facts.model,
      });
      expect(handoff.sections.goal?.text).toBe(facts.goal);
      // Cline CLI has no todo tool.
      if (facts.todos.pending.length > 0)
        expect(handoff.sections.todos?.map((todo) => todo.text)).toContain(facts.todos.pending[0]);
      const failing = handoff.sections.validation?.find(
        (check) => check.exitCode === facts.commands[0]?.exitCode,
      );
      expect(failing?.errorLine).toContain(facts.failingError.slice(0, 30));
      expect(handoff.sections.openQuestions?.[0]?.text).toBe(facts.openQuestion);
    },
  );

  it("reads --latest of an agent in the session's folder", async () => {
    const run = await runInProcess(["read", "--agent", "continue", "--latest", "--last", "2"], {
      cwd: cont.cwd,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Continue CLI session ${cont.sessionId}`);
    expect(run.stdout).toContain(cont.openQuestion);
  });
});
