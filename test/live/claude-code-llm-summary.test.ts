import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Handoff } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { checkSignature } from "../../src/safety/sign-handoff.ts";
import { makeAgentHome } from "../support/agents/agent-home.ts";
import { runClaudeCode } from "../support/agents/run-claude-code.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

/**
 * The model-written summary in the real Claude Code: with `summary.source: llm` in the
 * user's config, PreCompact writes the extractive handoff within the hook and leaves the
 * model call to a detached worker; the model's answer (scripted, and slow on purpose)
 * replaces the semantic sections after the compaction has finished, and the next session
 * starts on the revised handoff.
 */
const GOAL = "Make greet.txt say hello to Ada (planted goal 5K2)";
const MODEL_GOAL = "Greet Ada from greet.txt and cover it with a test (model summary 9Z1).";
const ANSWER = [
  "## Goal",
  "",
  MODEL_GOAL,
  "",
  "## Current State",
  "",
  "- greet.txt says hello to Ada and the grep check passes.",
  "",
  "## Next Steps",
  "",
  "1. Add a test that reads greet.txt",
].join("\n");
/** Long enough that the compaction is over before the model answers. */
const MODEL_DELAY_MS = 20_000;

function documents(dir: string): Array<{ path: string; handoff: Handoff }> {
  const folder = join(dir, "docs/handoffs");
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(folder, name))
    .map((path) => ({ path, handoff: parseDocument(readFileSync(path, "utf8")) }));
}

/** The detached worker has no exit code to wait for: its document is the signal. */
async function waitFor<T>(what: string, read: () => T | undefined, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe("the model-written summary in the real Claude Code", { timeout: 240_000 }, () => {
  const home = makeAgentHome({ branch: "feat/greeting" });
  let server: ModelServer | undefined;
  afterAll(async () => {
    await server?.close();
    home.cleanup();
  });

  it("PreCompact writes the extractive handoff, and the model's summary replaces its semantic sections once it arrives", async () => {
    execFileSync(process.execPath, [BATON_MAIN, "install", "claude-code"], {
      cwd: home.repo.dir,
      env: home.env(),
      stdio: "ignore",
    });
    home.repo.commit("baton hooks");
    const config = join(home.env().XDG_CONFIG_HOME as string, "baton");
    mkdirSync(config, { recursive: true });
    writeFileSync(
      join(config, "config.json"),
      JSON.stringify({ summary: { source: "llm", model: "anthropic:claude-sonnet-4-5" } }),
    );
    server = await startModelServer({
      script: [
        callTools({
          name: "Write",
          input: { file_path: join(home.repo.dir, "greet.txt"), content: "hello Ada\n" },
        }),
        callTools({
          name: "Bash",
          input: { command: "grep -q Ada greet.txt && echo greeting-ok", description: "check" },
        }),
        reply("Done: greet.txt greets Ada. Next I will add a test for it."),
        // The worker's request, not Claude's: no Claude turn runs during a compaction.
        { ...reply(ANSWER), delayMs: MODEL_DELAY_MS },
        reply("Continuing from the handoff."),
      ],
    });
    const base = { home, baseUrl: server.url };
    const work = await runClaudeCode({ ...base, prompt: GOAL });
    expect(work.exitCode, work.stderr).toBe(0);
    const started = Date.now();
    const compact = await runClaudeCode({ ...base, prompt: "/compact", continue: true });
    const compactMs = Date.now() - started;
    expect(compact.exitCode, compact.stderr).toBe(0);

    // The compaction is over and the handoff is written, still extractive: it did not wait.
    const [written, ...others] = documents(home.repo.dir);
    expect(others).toEqual([]);
    expect(compactMs).toBeLessThan(MODEL_DELAY_MS);
    expect(written?.handoff.trigger).toBe("compact");
    expect(written?.handoff.summary).toMatchObject({
      by: "anthropic:claude-sonnet-4-5",
      state: "pending",
    });
    expect(written?.handoff.sections.goal?.text).toContain("planted goal 5K2");

    const revised = await waitFor(
      "the model's summary",
      () =>
        documents(home.repo.dir).find((entry) => entry.handoff.summary?.state !== "pending")
          ?.handoff,
      MODEL_DELAY_MS + 30_000,
    );
    server.assertNoFailures();
    const summaryRequest = server.turnRequests().find((request) => request.turn === 4);
    expect(summaryRequest?.headers["x-claude-code-session-id"]).toBeUndefined();
    expect(summaryRequest?.text).toContain("planted goal 5K2");
    expect(summaryRequest?.text).toContain("greet.txt");
    expect(revised.summary?.state).toBe("done");
    expect(revised.id).toBe(written?.handoff.id);
    expect(revised.status).toBe("open");
    expect(revised.sections.goal).toEqual({ text: MODEL_GOAL, provenance: "claimed" });
    expect(revised.sections.modifiedFiles).toEqual(written?.handoff.sections.modifiedFiles);
    expect(revised.sections.validation).toEqual(written?.handoff.sections.validation);
    // Claude's own compaction summary (PostCompact) stays beside the model's state.
    expect(
      revised.sections.currentState?.some((fact) => fact.text.includes("compaction summary")),
    ).toBe(true);
    expect(checkSignature(revised).state).toBe("signed");

    // The next session starts on the revised handoff.
    const next = await runClaudeCode({ ...base, prompt: "Go on." });
    expect(next.exitCode, next.stderr).toBe(0);
    server.assertNoFailures();
    const first = server.turnRequests().find((request) => request.text.includes("Go on."));
    expect(first?.text).toContain("model summary 9Z1");
    expect(first?.text).toContain("summarized by anthropic:claude-sonnet-4-5");
  });
});
