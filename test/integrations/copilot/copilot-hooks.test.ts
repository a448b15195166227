import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnBaton } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/**
 * `baton hook copilot <event>` as Copilot CLI runs it (camelCase payloads), at its edges:
 * whatever comes in, it exits 0, prints nothing but an answer, and logs what went wrong.
 * The events in the real binary: test/live/copilot-integration.test.ts.
 */
let repo: TempRepo;
let state: string;
beforeEach(() => {
  repo = makeTempRepo({ branch: "feat/hooks" });
  state = makeTempDir("baton-copilot-hook-state-");
});
afterEach(() => {
  repo.cleanup();
  rmSync(state, { recursive: true, force: true });
});

const hookLog = () => {
  const path = join(state, "baton/hooks.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
};
const handoffs = () => {
  const dir = join(repo.dir, "docs/handoffs");
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".md")) : [];
};

function hook(event: string, stdin: string) {
  return spawnBaton(["hook", "copilot", event], {
    cwd: repo.dir,
    env: { XDG_STATE_HOME: state, HOME: state, COPILOT_HOME: join(state, "copilot") },
    stdin,
  });
}

/** Copilot 1.0.102's payload: camelCase, `timestamp` in ms. */
const input = (session: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ sessionId: session, timestamp: Date.now(), cwd: repo.dir, ...extra });

const SESSION = "2a638285-b3c7-4e6b-b1a9-0df06d3e96bf";
const OTHER = "aab854d6-7e5f-4a73-84ba-d79a5a45912a";

describe("baton hook copilot", () => {
  it("an unknown event or stdin that is not JSON: exit 0, nothing printed, a line in the log", async () => {
    const unknown = await hook("postToolUse", "{}");
    expect(unknown).toMatchObject({ code: 0, stdout: "" });
    expect(hookLog()).toContain(
      "expected one of sessionStart, userPromptSubmitted, agentStop, preCompact, sessionEnd",
    );
    const garbled = await hook("sessionStart", "not json at all");
    expect(garbled).toMatchObject({ code: 0, stdout: "" });
    expect(hookLog().trim().split("\n")).toHaveLength(2);
  });

  it("a session that recorded nothing leaves no handoff at its end", async () => {
    const start = await hook("sessionStart", input(SESSION, { source: "new" }));
    expect(start).toMatchObject({ code: 0, stdout: "" });
    const end = await hook("sessionEnd", input(SESSION, { reason: "complete" }));
    expect(end).toMatchObject({ code: 0, stdout: "" });
    expect(handoffs()).toEqual([]);
    expect(hookLog()).toBe("");
  });

  it("after preCompact, the session's next prompt (once, and only its own) gets the handoff as additionalContext", async () => {
    const compact = await hook("preCompact", input(SESSION, { trigger: "manual" }));
    expect(compact).toMatchObject({ code: 0, stdout: "" });
    expect(handoffs()).toHaveLength(1);

    const someoneElse = await hook("userPromptSubmitted", input(OTHER, { prompt: "Hi." }));
    expect(someoneElse).toMatchObject({ code: 0, stdout: "" });
    const next = await hook("userPromptSubmitted", input(SESSION, { prompt: "Go on." }));
    expect(next.code).toBe(0);
    const answer = JSON.parse(next.stdout) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(["additionalContext"]);
    expect(answer.additionalContext).toContain(
      "Handoff captured by baton just before this session's compaction (docs/handoffs/",
    );
    const again = await hook("userPromptSubmitted", input(SESSION, { prompt: "More." }));
    expect(again).toMatchObject({ code: 0, stdout: "" });
    // A resume of the same session is not handed its own handoff at start.
    const resumed = await hook("sessionStart", input(SESSION, { source: "resume" }));
    expect(resumed).toMatchObject({ code: 0, stdout: "" });
    // The preCompact had no transcript; the log says it captured git facts only.
    expect(hookLog()).toContain("capturing git facts only");
  });
});
