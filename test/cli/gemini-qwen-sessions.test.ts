import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/**
 * `baton sessions`, `read` and `create --from` on real recorded Gemini CLI and Qwen Code
 * sessions, found through the agents' own home variables (`GEMINI_CLI_HOME`, `QWEN_HOME`).
 */
const FIXTURES = {
  "gemini-cli": join(FIXTURES_ROOT, "gemini-cli/0.61.0/config-port"),
  "qwen-code": join(FIXTURES_ROOT, "qwen-code/0.24.4/fix-median"),
} as const;
const gemini = readFixtureFacts(FIXTURES["gemini-cli"]);
const qwen = readFixtureFacts(FIXTURES["qwen-code"]);

const empty = makeTempDir("baton-empty-");
const env = {
  HOME: empty,
  CLAUDE_CONFIG_DIR: join(empty, "claude"),
  CODEX_HOME: join(empty, "codex"),
  XDG_DATA_HOME: join(empty, "data"),
  GEMINI_CLI_HOME: join(FIXTURES["gemini-cli"], "home"),
  QWEN_HOME: join(FIXTURES["qwen-code"], "home", ".qwen"),
};

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe("baton on Gemini CLI and Qwen Code sessions", () => {
  it("lists both agents' sessions with --all, and each in its own folder", async () => {
    const all = await runInProcess(["sessions", "--all", "--json"], { cwd: "/", env });
    expect(all.code).toBe(0);
    const sessions = JSON.parse(all.stdout).sessions as Array<Record<string, unknown>>;
    expect(sessions).toContainEqual(
      expect.objectContaining({ agent: "gemini-cli", id: gemini.sessionId, cwd: gemini.cwd }),
    );
    expect(sessions).toContainEqual(
      expect.objectContaining({
        agent: "qwen-code",
        id: qwen.sessionId,
        cwd: qwen.cwd,
        branch: qwen.branch,
      }),
    );
    const here = await runInProcess(["sessions"], { cwd: gemini.cwd, env });
    expect(here.stdout).toContain(gemini.sessionId);
    expect(here.stdout).toContain(gemini.goal.slice(0, 30));
    expect(here.stdout).not.toContain(qwen.sessionId);
  });

  it.each([
    ["gemini-cli", gemini],
    ["qwen-code", qwen],
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
    ["gemini-cli", gemini],
    ["qwen-code", qwen],
  ] as const)(
    "creates a handoff --from %s with its goal, pending todo, failing check and question",
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
      expect(handoff.sections.goal?.text?.startsWith(facts.goal)).toBe(true);
      expect(handoff.sections.todos?.map((todo) => todo.text)).toContain(facts.todos.pending[0]);
      const failing = handoff.sections.validation?.find(
        (check) => check.exitCode === facts.commands[0]?.exitCode,
      );
      expect(failing?.errorLine).toContain(facts.failingError.slice(0, 30));
      expect(handoff.sections.openQuestions?.[0]?.text).toBe(facts.openQuestion);
    },
  );
});
