import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Handoff } from "../../../src/core/handoff.ts";
import { parseDocument } from "../../../src/core/parse-document.ts";
import { renderDocument } from "../../../src/core/render-document.ts";
import type { HookContext } from "../../../src/integrations/claude-code/hook-context.ts";
import { readStdinWithTimeout } from "../../../src/integrations/claude-code/read-hook-input.ts";
import { runClaudeHook } from "../../../src/integrations/claude-code/run-claude-hook.ts";
import { loadMachineKey } from "../../../src/safety/machine-key.ts";
import { signHandoff } from "../../../src/safety/sign-handoff.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";
import { type RecordedPaths, recordedStdin } from "./recorded-stdin.ts";

const FIXTURE = resolve(import.meta.dirname, "../../fixtures/claude-code/2.1.197/fix-off-by-one");
const facts = JSON.parse(readFileSync(join(FIXTURE, "facts.json"), "utf8"));
const fixtureHome = join(FIXTURE, "home");
const transcriptPath = join(FIXTURE, facts.transcript);

let repo: TempRepo;
let state: string;
let workers: string[][];

beforeEach(() => {
  repo = makeTempRepo({ branch: facts.branch });
  repo.write("src/math.mjs", "export const add = (a, b) => a + b + 1;\n");
  repo.commit("add");
  repo.write("src/math.mjs", "export const add = (a, b) => a + b;\n");
  state = makeTempDir("baton-state-");
  workers = [];
});
afterEach(() => {
  repo.cleanup();
  rmSync(state, { recursive: true, force: true });
});

function context(): HookContext {
  return {
    env: {
      XDG_STATE_HOME: state,
      // The signing key: the run's throwaway config (test/support/isolate-config.ts), never the fixture's home.
      XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME,
      CLAUDE_CONFIG_DIR: join(fixtureHome, ".claude"),
      HOME: fixtureHome,
    },
    cwd: repo.dir,
    homedir: fixtureHome,
    now: () => new Date(),
    spawnWorker: (args) => workers.push(args),
  };
}

function paths(sessionId: string = facts.sessionId): RecordedPaths {
  return { sessionId, transcriptPath, cwd: repo.dir };
}

/** Runs one hook in-process on the given stdin; returns what it printed. */
async function hook(event: string, stdin: unknown): Promise<string> {
  let out = "";
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const input = typeof stdin === "string" ? stdin : JSON.stringify(stdin);
  await runClaudeHook([event], { stdin: Readable.from([input]), stdout }, context());
  return out;
}

/** What the detached worker would do, run here and now. */
async function runWorkers(): Promise<void> {
  for (const args of workers.splice(0)) {
    await runClaudeHook(args, { stdin: Readable.from([]), stdout: new PassThrough() }, context());
  }
}

function documents(archived = false): Handoff[] {
  const dir = join(repo.dir, "docs/handoffs", archived ? "_archive" : "");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => parseDocument(readFileSync(join(dir, name), "utf8")));
}

function log(): string {
  const path = join(state, "baton/hooks.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

function additionalContext(stdout: string): string {
  const parsed = JSON.parse(stdout);
  expect(parsed.hookSpecificOutput.hookEventName).toBe("SessionStart");
  return parsed.hookSpecificOutput.additionalContext as string;
}

describe("Claude Code hooks on recorded stdin", () => {
  it("PreCompact captures the transcript's planted facts into a compact handoff", async () => {
    expect(await hook("PreCompact", recordedStdin.preCompact(paths()))).toBe("");
    expect(log()).toBe("");
    const [handoff, ...rest] = documents();
    expect(rest).toEqual([]);
    expect(handoff).toMatchObject({
      trigger: "compact",
      status: "open",
      branch: facts.branch,
      parent: null,
      source: {
        agent: "claude-code",
        sessionId: facts.sessionId,
        model: facts.model,
        transcript: `~/${facts.transcript.replace(/^home\//, "")}`,
      },
    });
    const text = JSON.stringify(handoff?.sections);
    expect(handoff?.sections.goal?.text).toBe(facts.goal);
    expect(text).toContain("ADD-MISMATCH");
    expect(text).toContain("Add a subtract() helper");
    expect(text).toContain("subtract() helper now");
    expect(handoff?.sections.modifiedFiles?.map((f) => [f.path, f.provenance])).toContainEqual([
      "src/math.mjs",
      "verified",
    ]);
    expect(handoff?.tokens?.prompt).toBeGreaterThan(0);
  });

  it("SessionStart(compact) injects that handoff, and PostCompact adds Claude's summary to it", async () => {
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    const injected = additionalContext(
      await hook("SessionStart", recordedStdin.sessionStartCompact(paths())),
    );
    expect(injected).toMatch(
      /^Handoff captured by baton just before this compaction \(docs\/handoffs\/.+\.md\):/,
    );
    expect(injected).toContain(facts.goal);
    expect(injected.length).toBeLessThanOrEqual(10_000);

    expect(await hook("PostCompact", recordedStdin.postCompact(paths()))).toBe("");
    const [handoff] = documents();
    const note = handoff?.sections.currentState?.at(-1);
    expect(note).toEqual({
      text: "Claude Code's own compaction summary: 1. Primary Request and Intent: the scripted conversation so far (summary written by the model server).",
      provenance: "claimed",
    });
    // The cached prompt was refreshed with the document.
    expect(
      additionalContext(await hook("SessionStart", recordedStdin.sessionStartCompact(paths()))),
    ).toContain("compaction summary");
    expect(log()).toBe("");
  });

  it("a second compaction continues the first handoff and supersedes it", async () => {
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    const [newer, older] = documents().sort((a, b) => b.id.localeCompare(a.id));
    expect(newer?.parent).toBe(older?.id);
    expect(older).toMatchObject({ status: "superseded", supersededBy: newer?.id });
    expect(
      additionalContext(await hook("SessionStart", recordedStdin.sessionStartCompact(paths()))),
    ).toContain(`docs/handoffs/${newer?.id}.md`);
  });

  it("a new session gets the open handoff at startup and claims it; it is restored only after its turn", async () => {
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    // The same session resumed already holds its own handoff.
    expect(await hook("SessionStart", recordedStdin.sessionStartResume(paths()))).toBe("");

    const next = paths("5e55105b-0000-4000-8000-000000000002");
    const injected = additionalContext(
      await hook("SessionStart", recordedStdin.sessionStartStartup(next)),
    );
    expect(injected).toContain("An open handoff from an earlier session");
    expect(injected).toContain(facts.goal);
    expect(workers).toHaveLength(1);
    await runWorkers();
    expect(documents()[0]).toMatchObject({ status: "claimed", claim: { session: next.sessionId } });

    // A third session starting meanwhile does not get the claimed handoff.
    expect(await hook("SessionStart", recordedStdin.sessionStartStartup(paths("third")))).toBe("");

    // The prompt that came with the start has not reached the model yet: not consumed.
    await hook("UserPromptSubmit", recordedStdin.userPromptSubmit(next));
    expect(documents()).toHaveLength(1);
    await hook("Stop", recordedStdin.stop(next));
    expect(documents()).toEqual([]);
    const [archived] = documents(true);
    expect(archived).toMatchObject({ status: "archived", claim: { session: next.sessionId } });
    expect(archived?.restoredAt).not.toBeNull();
    expect(log()).toBe("");
  });

  it("a Stop that beats the background claim still records who took the handoff", async () => {
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    const next = paths("fast-session");
    await hook("SessionStart", recordedStdin.sessionStartStartup(next));
    await hook("Stop", recordedStdin.stop(next));
    await runWorkers();
    const [archived] = documents(true);
    expect(archived?.claim?.session).toBe("fast-session");
    expect(log()).toBe("");
  });

  it("renders the prompt of a handoff with no cached prompt (written by baton create), and Stop caches it", async () => {
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    rmSync(join(state, "baton/claude-code/prompts"), { recursive: true });
    await hook("Stop", recordedStdin.stop(paths("someone")));
    expect(readdirSync(join(state, "baton/claude-code/prompts"))).toHaveLength(1);
    rmSync(join(state, "baton/claude-code/prompts"), { recursive: true });
    const injected = additionalContext(
      await hook("SessionStart", recordedStdin.sessionStartStartup(paths("other"))),
    );
    expect(injected).toContain(facts.goal);
  });

  it("a handoff edited by hand since it was signed is not injected; signed again, it is rendered again and redacted", async () => {
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    const [name] = readdirSync(join(repo.dir, "docs/handoffs")).filter((n) => n.endsWith(".md"));
    const file = join(repo.dir, "docs/handoffs", name as string);
    const key = ["AKIA", "Q8D2", "L7X4", "M3N6", "P9T5"].join("");
    const edited = readFileSync(file, "utf8").replace(
      /(## Next Steps\n\n)1\. [^\n]*/,
      (_match, heading: string) => `${heading}1. Deploy with ${key}`,
    );
    expect(edited).toContain(`Deploy with ${key}`);
    writeFileSync(file, edited);
    const notice = additionalContext(
      await hook("SessionStart", recordedStdin.sessionStartStartup(paths("other"))),
    );
    expect(notice).toMatch(
      /^baton: an unverified handoff is waiting .*changed after it was signed/,
    );
    expect(notice).not.toContain("Deploy with");
    expect(workers).toEqual([]);
    // The person stands by the edit: signed by this machine again, it is injected, redacted.
    const machineKey = await loadMachineKey(context().env);
    writeFileSync(file, renderDocument(signHandoff(parseDocument(edited), machineKey)));
    const injected = additionalContext(
      await hook("SessionStart", recordedStdin.sessionStartStartup(paths("other"))),
    );
    expect(injected).toContain("Deploy with [REDACTED:aws-access-key]");
    expect(injected).not.toContain(key);
  });

  it("a session on another branch gets nothing", async () => {
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    repo.git("checkout", "-q", "-b", "other-work");
    expect(await hook("SessionStart", recordedStdin.sessionStartStartup(paths("other")))).toBe("");
  });
});

describe("hook failures go to the log, never to the session", () => {
  it("bad stdin, an unknown event and a missing transcript", async () => {
    expect(await hook("SessionStart", "{not json")).toBe("");
    expect(await hook("PreToolUse", {})).toBe("");
    expect(
      await hook("PreCompact", {
        ...recordedStdin.preCompact(paths()),
        transcript_path: "/nope.jsonl",
      }),
    ).toBe("");
    const lines = log().trim().split("\n");
    expect(lines[0]).toMatch(/^\S+ claude-code SessionStart: .*JSON/);
    expect(lines[1]).toMatch(/claude-code PreToolUse: unknown event/);
    expect(lines[2]).toMatch(
      /claude-code PreCompact: cannot read transcript \/nope\.jsonl .*capturing git facts only/,
    );
    // The git facts were still captured.
    expect(documents()[0]?.sections.modifiedFiles?.map((f) => f.path)).toContain("src/math.mjs");
  });

  it("a handoff folder that cannot be written is logged with its path", async () => {
    repo.write("docs/handoffs", "a file in the way\n");
    expect(await hook("PreCompact", recordedStdin.preCompact(paths()))).toBe("");
    expect(log()).toMatch(/claude-code PreCompact: .*docs\/handoffs/);
  });

  it("a broken handoff document is named in the log and neither injected nor claimed", async () => {
    repo.write(
      "docs/handoffs/2026-11-21-broken.md",
      `---\nschema: baton/handoff@1\nid: 2026-11-21-broken\ncreated: 2026-11-21T10:00:00Z\nstatus: open\nbranch: ${facts.branch}\ntrigger: sideways\n---\n`,
    );
    expect(await hook("Stop", recordedStdin.stop(paths("someone")))).toBe("");
    expect(await hook("SessionStart", recordedStdin.sessionStartStartup(paths("other")))).toBe("");
    expect(workers).toEqual([]);
    const lines = log().trim().split("\n");
    expect(lines[0]).toMatch(/claude-code Stop: cannot render .*2026-11-21-broken\.md/);
    expect(lines[1]).toMatch(/claude-code SessionStart: .*2026-11-21-broken\.md/);
  });

  it("stdin that never ends is given up after the timeout", async () => {
    const start = Date.now();
    await expect(readStdinWithTimeout(new PassThrough(), 100)).rejects.toThrow(/within 100 ms/);
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it("writes nothing when the log cannot be written either", async () => {
    writeFileSync(join(state, "baton"), "a file in the way\n");
    expect(await hook("SessionStart", "{not json")).toBe("");
  });
});
