import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnBaton } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/**
 * `baton hook codex <event>` as Codex runs it, at its edges: whatever comes in, it exits
 * 0, prints nothing but an answer, and says what went wrong in the hooks' log. The events
 * themselves are proven in the real Codex (test/live/codex-integration.test.ts).
 */
let repo: TempRepo;
let state: string;
beforeEach(() => {
  repo = makeTempRepo();
  state = makeTempDir("baton-codex-hook-state-");
});
afterEach(() => {
  repo.cleanup();
  rmSync(state, { recursive: true, force: true });
});

const hookLog = () => {
  const path = join(state, "baton/hooks.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
};

function hook(event: string, stdin: string) {
  return spawnBaton(["hook", "codex", event], {
    cwd: repo.dir,
    env: { XDG_STATE_HOME: state, HOME: state },
    stdin,
  });
}

describe("baton hook codex", () => {
  it("an unknown event: exit 0, nothing printed, a line in the log", async () => {
    const run = await hook("PostToolUse", "{}");
    expect(run).toMatchObject({ code: 0, stdout: "" });
    // Tagged with the agent whose hook wrote it.
    expect(hookLog()).toMatch(/ codex PostToolUse: unknown Codex event/);
    expect(hookLog()).toContain("expected one of SessionStart, PreCompact, UserPromptSubmit, Stop");
  });

  it("stdin that is not JSON: exit 0, nothing printed, logged", async () => {
    const run = await hook("SessionStart", "not json at all");
    expect(run).toMatchObject({ code: 0, stdout: "" });
    expect(hookLog()).toMatch(/ codex SessionStart: /);
    expect(hookLog()).not.toMatch(/claude-code/);
  });

  it("a startup with nothing open answers nothing; PreCompact without a rollout still captures git", async () => {
    const input = (event: string, extra: Record<string, unknown>) =>
      JSON.stringify({
        session_id: "019b0000-0000-7000-8000-000000000001",
        cwd: repo.dir,
        hook_event_name: event,
        model: "gpt-5.5",
        ...extra,
      });
    const start = await hook("SessionStart", input("SessionStart", { source: "startup" }));
    expect(start).toMatchObject({ code: 0, stdout: "" });
    const compact = await hook("PreCompact", input("PreCompact", { trigger: "auto" }));
    expect(compact).toMatchObject({ code: 0, stdout: "" });
    expect(hookLog()).toMatch(/ codex PreCompact: no transcript_path on stdin/);
    const after = await hook("SessionStart", input("SessionStart", { source: "compact" }));
    expect(after.code).toBe(0);
    const answer = JSON.parse(after.stdout) as {
      hookSpecificOutput: { hookEventName: string; additionalContext: string };
    };
    expect(answer.hookSpecificOutput.hookEventName).toBe("SessionStart");
    expect(answer.hookSpecificOutput.additionalContext).toContain(
      "Handoff captured by baton just before this compaction",
    );
  });
});
