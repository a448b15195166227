import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/** `baton create --from`: a handoff summarized from a real recorded session, in a real repository. */
let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

const dir = join(FIXTURES_ROOT, "claude-code/2.1.197/fix-off-by-one");
const facts = readFixtureFacts(dir);
const empty = makeTempDir("baton-empty-");
const env = {
  HOME: join(dir, "home"),
  CLAUDE_CONFIG_DIR: join(dir, "home/.claude"),
  CODEX_HOME: join(empty, "codex"),
  XDG_DATA_HOME: join(empty, "data"),
};

describe("baton create --from", () => {
  it("extracts the session's goal, decisions, failed approach, todos, checks and question", async () => {
    repo = makeTempRepo({ branch: facts.branch });
    const run = await runInProcess(
      ["create", "--from", "claude-code", "--session", facts.sessionId.slice(0, 8), "--json"],
      {
        cwd: repo.dir,
        env,
      },
    );
    expect(run.stderr).toContain(`summarizing Claude Code session ${facts.sessionId}`);
    expect(run.code).toBe(0);
    const { path, tokens } = JSON.parse(run.stdout);
    const handoff = parseDocument(readFileSync(path, "utf8"));
    expect(handoff.source).toMatchObject({
      agent: "claude-code",
      sessionId: facts.sessionId,
      model: facts.model,
    });
    expect(handoff.sections.goal?.text).toBe(facts.goal);
    expect(handoff.sections.keyDecisions?.[0]?.decision).toContain("inside add() itself");
    expect(handoff.sections.failedApproaches?.[0]?.approach).toContain(
      "change the test to expect 5",
    );
    expect(handoff.sections.todos).toContainEqual({
      text: facts.todos.pending[0],
      status: "pending",
      provenance: "verified",
    });
    const failing = handoff.sections.validation?.find((check) => check.exitCode === 1);
    expect(failing?.errorLine).toContain(facts.failingError);
    expect(handoff.sections.openQuestions?.[0]?.text).toBe(facts.openQuestion);
    expect(tokens.prompt).toBeLessThanOrEqual(400);
  });

  it("lets given sections win over extracted ones, section by section", async () => {
    repo = makeTempRepo({ branch: facts.branch });
    const run = await runInProcess(
      [
        "create",
        "--from",
        "claude-code",
        "--session",
        facts.sessionId,
        "--goal",
        "Ship subtract() next",
        "--json",
      ],
      { cwd: repo.dir, env },
    );
    const handoff = parseDocument(readFileSync(JSON.parse(run.stdout).path, "utf8"));
    expect(handoff.sections.goal).toEqual({ text: "Ship subtract() next", provenance: "claimed" });
    expect(handoff.sections.openQuestions?.[0]?.text).toBe(facts.openQuestion);
  });

  it("refuses an incomplete or unknown choice with a usage error, writing nothing", async () => {
    repo = makeTempRepo();
    const noSession = await runInProcess(["create", "--from", "claude-code"], {
      cwd: repo.dir,
      env,
    });
    expect(noSession.code).toBe(2);
    expect(noSession.stderr).toBe("baton: --from claude-code needs --session ID or --latest\n");
    const badAgent = await runInProcess(["create", "--from", "emacs", "--latest"], {
      cwd: repo.dir,
      env,
    });
    expect(badAgent.code).toBe(2);
    const badSize = await runInProcess(
      ["create", "--from", "claude-code", "--latest", "--size", "huge"],
      { cwd: repo.dir, env },
    );
    expect(badSize.code).toBe(2);
    const missing = await runInProcess(["create", "--session", "no-such-session"], {
      cwd: repo.dir,
      env,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no session with id no-such-session");
    expect(repo.git("status", "--porcelain")).toBe("");
  });
});
