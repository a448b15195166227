import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/** `baton sessions` and `baton read` on real recorded sessions of each agent. */
const FIXTURES = {
  "claude-code": join(FIXTURES_ROOT, "claude-code/2.1.197/config-default-port"),
};

/** Every agent's store pointed at the fixture's home, or at an empty folder. */
function agentEnv(home: string) {
  const empty = makeTempDir("baton-empty-");
  return {
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, ".claude"),
    CODEX_HOME: join(empty, "codex"),
    XDG_DATA_HOME: join(empty, "data"),
  };
}

describe("baton sessions and baton read", () => {
  const dir = FIXTURES["claude-code"];
  const facts = readFixtureFacts(dir);
  const env = agentEnv(join(dir, "home"));

  it("lists the sessions recorded in this folder, newest first, and none elsewhere", async () => {
    const here = await runInProcess(["sessions"], { cwd: facts.cwd, env });
    expect(here.code).toBe(0);
    expect(here.stdout).toContain(facts.sessionId);
    expect(here.stdout).toContain(facts.model);
    expect(here.stdout).toContain(facts.goal.slice(0, 30));
    const json = JSON.parse(
      (await runInProcess(["sessions", "--json"], { cwd: facts.cwd, env })).stdout,
    );
    expect(json.schemaVersion).toBe(1);
    expect(json.sessions[0]).toMatchObject({
      agent: "claude-code",
      id: facts.sessionId,
      cwd: facts.cwd,
      branch: facts.branch,
    });
    const elsewhere = await runInProcess(["sessions"], { cwd: "/somewhere/else", env });
    expect(elsewhere.stdout).toBe("");
    expect(elsewhere.stderr).toContain("no agent sessions recorded in /somewhere/else");
    const all = await runInProcess(["sessions", "--all"], { cwd: "/somewhere/else", env });
    expect(all.stdout).toContain(facts.sessionId);
  });

  it("reads the last messages by id prefix, with tool activity and exit codes", async () => {
    const run = await runInProcess(["read", facts.sessionId.slice(0, 6), "--last", "30"], {
      cwd: "/",
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`session ${facts.sessionId}`);
    expect(run.stdout).toContain(facts.openQuestion);
    for (const command of facts.commands)
      expect(run.stdout).toContain(`${command.command} (exit ${command.exitCode})`);
    const last2 = await runInProcess(["read", facts.sessionId, "--last", "2", "--json"], {
      cwd: "/",
      env,
    });
    const json = JSON.parse(last2.stdout);
    expect(json.messages).toHaveLength(2);
    expect(json.messages.at(-1).text).toContain(facts.openQuestion);
  });

  it("reads the newest session of this folder with --agent --latest, and searches with --grep", async () => {
    const latest = await runInProcess(
      ["read", "--agent", "claude-code", "--latest", "--last", "1"],
      { cwd: facts.cwd, env },
    );
    expect(latest.stdout).toContain(facts.openQuestion);
    const grep = await runInProcess(
      ["read", facts.sessionId, "--grep", facts.failingError.slice(0, 20)],
      { cwd: "/", env },
    );
    expect(grep.code).toBe(0);
    expect(grep.stdout).toContain("(exit 2)");
    expect(grep.stdout).not.toContain(facts.openQuestion);
  });

  it("says clearly when a session is not found or the call is incomplete", async () => {
    const missing = await runInProcess(["read", "nope-nope"], { cwd: "/", env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("baton: no session with id nope-nope\n");
    const bare = await runInProcess(["read"], { cwd: "/", env });
    expect(bare.code).toBe(2);
    const badAgent = await runInProcess(["sessions", "--agent", "vim"], { cwd: "/", env });
    expect(badAgent.code).toBe(2);
    expect(badAgent.stderr).toContain(
      'unknown agent "vim"; the agents whose sessions baton reads are claude-code, codex, opencode, copilot, gemini-cli, qwen-code, pi, kilo',
    );
  });
});
