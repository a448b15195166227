import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/parse-document.ts";
import { spawnBaton } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/**
 * `baton hook gemini-cli <event>` as Gemini CLI 0.61.0 runs it (the stdin fields its
 * `HookEventHandler` sends), on the chat file of a real recorded session: PreCompress
 * captures only when a compression will follow, and the next BeforeAgent gives the
 * handoff to the model once. The whole loop in the real binary is in
 * test/live/gemini-cli-integration.test.ts.
 */
const CHAT = resolve(
  import.meta.dirname,
  "../../fixtures/gemini-cli/0.61.0/clamp-compress/home/.gemini/tmp/clamp-compress/chats/session-2026-12-06T17-33-c270b655.jsonl",
);
const SESSION = JSON.parse(readFileSync(CHAT, "utf8").split("\n")[0] ?? "{}").sessionId as string;

let repo: TempRepo;
let state: string;
beforeEach(() => {
  repo = makeTempRepo({ branch: "fix/clamp-bounds" });
  state = makeTempDir("baton-gemini-hook-state-");
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

function hook(event: string, extra: Record<string, unknown> = {}) {
  const stdin = JSON.stringify({
    session_id: SESSION,
    transcript_path: CHAT,
    cwd: repo.dir,
    hook_event_name: event,
    timestamp: new Date().toISOString(),
    ...extra,
  });
  return spawnBaton(["hook", "gemini-cli", event], {
    cwd: repo.dir,
    env: { XDG_STATE_HOME: state, HOME: state },
    stdin,
  });
}

describe("baton hook gemini-cli", () => {
  it("an unknown event: exit 0, nothing printed, a line in the log", async () => {
    const run = await hook("BeforeTool");
    expect(run).toMatchObject({ code: 0, stdout: "" });
    expect(hookLog()).toContain(
      "expected one of SessionStart, PreCompress, BeforeAgent, AfterAgent",
    );
  });

  it("an automatic PreCompress below the threshold captures nothing (Gemini fires it before every turn)", async () => {
    // The chat's last response had 1 099 prompt tokens; the default threshold is half of 1 048 576.
    const run = await hook("PreCompress", { trigger: "auto" });
    expect(run).toMatchObject({ code: 0, stdout: "" });
    expect(handoffs()).toEqual([]);
    expect(hookLog()).toBe("");
  });

  it("past the workspace's threshold it captures the chat; the next prompt gets the handoff, once", async () => {
    repo.write(".gemini/settings.json", JSON.stringify({ model: { compressionThreshold: 0.001 } }));
    const compress = await hook("PreCompress", { trigger: "auto" });
    expect(compress).toMatchObject({ code: 0, stdout: "" });
    const [name, ...others] = handoffs();
    expect(others).toEqual([]);
    const handoff = parseDocument(
      readFileSync(join(repo.dir, "docs/handoffs", name ?? ""), "utf8"),
    );
    expect(handoff.trigger).toBe("compact");
    expect(handoff.source).toMatchObject({ agent: "gemini-cli", sessionId: SESSION });
    expect(handoff.sections.todos).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ text: "Add a clamp() overload for bigints", status: "pending" }),
      ]),
    );
    expect(handoff.sections.validation).toEqual(
      expect.arrayContaining([expect.objectContaining({ command: "node --test", exitCode: 1 })]),
    );

    const first = await hook("BeforeAgent", { prompt: "Go on." });
    const answer = JSON.parse(first.stdout) as {
      hookSpecificOutput: { hookEventName: string; additionalContext: string };
    };
    expect(answer.hookSpecificOutput.hookEventName).toBe("BeforeAgent");
    expect(answer.hookSpecificOutput.additionalContext).toContain(
      "Handoff captured by baton when this session's history was compressed",
    );
    expect(answer.hookSpecificOutput.additionalContext).toContain(
      "Add a clamp() overload for bigints",
    );
    const second = await hook("BeforeAgent", { prompt: "And then?" });
    expect(second).toMatchObject({ code: 0, stdout: "" });
    // Another session is not given it at its prompts: it gets it at its start, claimed.
    const other = await hook("BeforeAgent", { session_id: "another-session", prompt: "Hi" });
    expect(other).toMatchObject({ code: 0, stdout: "" });
    expect(hookLog()).toBe("");
  });

  it("a manual /compress always captures", async () => {
    const run = await hook("PreCompress", { trigger: "manual" });
    expect(run).toMatchObject({ code: 0, stdout: "" });
    expect(handoffs()).toHaveLength(1);
  });
});
