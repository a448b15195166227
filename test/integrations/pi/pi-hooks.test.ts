import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/parse-document.ts";
import { spawnBaton } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/**
 * `baton hook pi <event>` as baton's Pi extension runs it, at its edges: whatever comes in,
 * it exits 0, prints nothing but an answer, and says what went wrong in the hooks' log.
 * The events themselves are proven in the real Pi (test/live/pi-integration.test.ts).
 */
let repo: TempRepo;
let state: string;
beforeEach(() => {
  repo = makeTempRepo();
  state = makeTempDir("baton-pi-hook-state-");
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
  return spawnBaton(["hook", "pi", event], {
    cwd: repo.dir,
    env: { XDG_STATE_HOME: state, HOME: state },
    stdin,
  });
}

const SESSION = "01a24d95-b286-7185-bc75-6d464e6f1c81";

describe("baton hook pi", () => {
  it("an unknown event: exit 0, nothing printed, a line in the log", async () => {
    const run = await hook("session_shutdown", "{}");
    expect(run).toMatchObject({ code: 0, stdout: "" });
    expect(hookLog()).toMatch(
      / pi session_shutdown: unknown Pi event; expected one of SessionStart, PreCompact, Stop/,
    );
  });

  it("a startup with nothing open answers nothing; PreCompact of a session file that is gone still captures git", async () => {
    const input = (event: string, extra: Record<string, unknown>) =>
      JSON.stringify({ session_id: SESSION, cwd: repo.dir, hook_event_name: event, ...extra });
    const start = await hook("SessionStart", input("SessionStart", { source: "startup" }));
    expect(start).toMatchObject({ code: 0, stdout: "" });

    const gone = join(state, "sessions", `2026-12-06T10-00-00-000Z_${SESSION}.jsonl`);
    const compact = await hook(
      "PreCompact",
      input("PreCompact", { transcript_path: gone, trigger: "auto" }),
    );
    expect(compact.code).toBe(0);
    expect(hookLog()).toContain(`cannot read transcript ${gone}`);
    const [name] = readdirSync(join(repo.dir, "docs/handoffs")) as string[];
    // It names the handoff it wrote: the extension makes only that one the summary.
    expect(JSON.parse(compact.stdout)).toEqual({ handoff: name?.replace(/\.md$/, "") });
    const handoff = parseDocument(
      readFileSync(join(repo.dir, "docs/handoffs", name as string), "utf8"),
    );
    expect(handoff).toMatchObject({
      trigger: "compact",
      source: { agent: "pi", sessionId: SESSION },
    });

    // After the compaction, the same session gets it back, as the extension asks.
    const after = await hook("SessionStart", input("SessionStart", { source: "compact" }));
    expect(after.code).toBe(0);
    const context = JSON.parse(after.stdout).hookSpecificOutput.additionalContext as string;
    expect(context).toContain("Handoff captured by baton just before this compaction");
    expect(context).toContain(`${name}`);
  });
});
