import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { runAgentProcess } from "../support/agents/run-agent-process.ts";

let home: AgentHome | undefined;
afterEach(() => {
  home?.cleanup();
  home = undefined;
});

describe("makeAgentHome", () => {
  it("points every home-like variable inside the temporary home and leaks no secrets", () => {
    home = makeAgentHome();
    const previous = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = "developer-key";
    try {
      const env = home.env({ EXTRA: "1" });
      for (const name of [
        "HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
        "CLAUDE_CONFIG_DIR",
        "CODEX_HOME",
      ]) {
        expect(env[name], name).toMatch(new RegExp(`^${home.home}`));
      }
      expect(env.ANTHROPIC_API_KEY).toBeUndefined();
      expect(env.EXTRA).toBe("1");
      expect(env.HTTPS_PROXY).toMatch(/^http:\/\/127\.0\.0\.1:/);
      expect(env.NO_PROXY).toContain("127.0.0.1");
      expect(home.home).not.toBe(homedir());
    } finally {
      if (previous === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = previous;
    }
  });

  it("gives a real git repository that git in the isolated environment can use", () => {
    home = makeAgentHome({ branch: "feature/x" });
    const branch = execFileSync("git", ["branch", "--show-current"], {
      cwd: home.repo.dir,
      env: home.env(),
      encoding: "utf8",
    });
    expect(branch.trim()).toBe("feature/x");
    expect(statSync(home.env().XDG_RUNTIME_DIR as string).mode & 0o777).toBe(0o700);
  });

  it("removes the home and the repository on cleanup", () => {
    const made = makeAgentHome();
    made.cleanup();
    expect(existsSync(made.home)).toBe(false);
    expect(existsSync(made.repo.dir)).toBe(false);
  });
});

describe("runAgentProcess", () => {
  it("kills the whole process group on timeout and says so", async () => {
    home = makeAgentHome();
    const started = Date.now();
    // The child leaves a grandchild behind; the group kill must take both. The timeout
    // leaves a loaded machine time to start both before the kill.
    const run = runAgentProcess({
      command: "bash",
      args: ["-c", "sleep 30 & echo started $!; wait"],
      cwd: home.repo.dir,
      env: home.env(),
      timeoutMs: 1_500,
      label: "sleeper",
    });
    const error = await run.then(
      () => new Error("did not time out"),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/^sleeper: timed out after 1500 ms; killed its process group/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const grandchild = Number(/started (\d+)/.exec(error.message)?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    expect(isRunning(grandchild)).toBe(false);
  });

  it("returns exit code and output of a finished process, feeding stdin", async () => {
    home = makeAgentHome();
    const result = await runAgentProcess({
      command: "bash",
      args: ["-c", "cat; echo err >&2; exit 3"],
      cwd: home.repo.dir,
      env: home.env(),
      timeoutMs: 5_000,
      input: "from-stdin",
      label: "cat",
    });
    expect(result).toMatchObject({ exitCode: 3, stdout: "from-stdin", stderr: "err\n" });
  });
});

/** A killed process may linger as a zombie until its new parent reaps it; that is not running. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}
