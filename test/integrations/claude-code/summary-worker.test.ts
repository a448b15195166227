import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deadlineFor } from "../../../src/cli/deadline.ts";
import type { Handoff } from "../../../src/core/handoff.ts";
import { parseDocument } from "../../../src/core/parse-document.ts";
import { COMPACT_SUMMARY_LEAD } from "../../../src/integrations/claude-code/add-compact-summary.ts";
import { claudeCodeIntegration } from "../../../src/integrations/claude-code/claude-code-integration.ts";
import type { HookContext } from "../../../src/integrations/claude-code/hook-context.ts";
import {
  runClaudeHook,
  SUMMARY_WORKER_MODEL_MS,
} from "../../../src/integrations/claude-code/run-claude-hook.ts";
import { codexIntegration } from "../../../src/integrations/codex/codex-integration.ts";
import { runCodexHook } from "../../../src/integrations/codex/run-codex-hook.ts";
import { machineSigner } from "../../../src/safety/machine-signer.ts";
import { checkSignature } from "../../../src/safety/sign-handoff.ts";
import { openStore } from "../../../src/store/open-store.ts";
import { httpError, reply, type Script } from "../../support/model-server/script.ts";
import {
  type ModelServer,
  startModelServer,
} from "../../support/model-server/start-model-server.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";
import { recordedStdin } from "./recorded-stdin.ts";

/**
 * PreCompact with the `llm` summary source: the hook writes the extractive handoff at once
 * (no request leaves during the hook) and leaves a worker that asks the model over real
 * HTTP and revises the handoff in place, its lifecycle and Claude's own summary kept.
 */
const FIXTURE = resolve(import.meta.dirname, "../../fixtures/claude-code/2.1.197/fix-off-by-one");
const facts = JSON.parse(readFileSync(join(FIXTURE, "facts.json"), "utf8"));
const fixtureHome = join(FIXTURE, "home");
const transcriptPath = join(FIXTURE, facts.transcript);

const ANSWER = [
  "## Goal",
  "",
  "Fix add() in src/math.mjs so the suite passes, keeping a task list.",
  "",
  "## Current State",
  "",
  "- add() is fixed; the subtract() helper is next.",
  "",
  "## Next Steps",
  "",
  "1. Write subtract() with a test",
].join("\n");

let repo: TempRepo;
let state: string;
let workers: string[][];
let server: ModelServer | undefined;

beforeEach(() => {
  repo = makeTempRepo({ branch: facts.branch });
  repo.write("src/math.mjs", "export const add = (a, b) => a + b + 1;\n");
  repo.commit("add");
  repo.write("src/math.mjs", "export const add = (a, b) => a + b;\n");
  state = makeTempDir("baton-state-");
  workers = [];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  repo.cleanup();
  rmSync(state, { recursive: true, force: true });
});

function context(extra: Record<string, string> = {}): HookContext {
  return {
    env: {
      XDG_STATE_HOME: state,
      XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME,
      CLAUDE_CONFIG_DIR: join(fixtureHome, ".claude"),
      HOME: fixtureHome,
      BATON_SUMMARIZE: "llm",
      BATON_SUMMARY_MODEL: "anthropic:claude-sonnet-4-5",
      ANTHROPIC_BASE_URL: server?.url ?? "http://127.0.0.1:9",
      ANTHROPIC_API_KEY: "test-key",
      ...extra,
    },
    cwd: repo.dir,
    homedir: fixtureHome,
    now: () => new Date(),
    spawnWorker: (args) => workers.push(args),
  };
}

async function hook(event: string, stdin: unknown, ctx = context()): Promise<void> {
  await runClaudeHook(
    [event],
    { stdin: Readable.from([JSON.stringify(stdin)]), stdout: new PassThrough() },
    ctx,
  );
}

async function runWorkers(ctx = context()): Promise<string[][]> {
  const ran = workers.splice(0);
  for (const args of ran) {
    await runClaudeHook(args, { stdin: Readable.from([]), stdout: new PassThrough() }, ctx);
  }
  return ran;
}

function documents(): Handoff[] {
  const dir = join(repo.dir, "docs/handoffs");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => parseDocument(readFileSync(join(dir, name), "utf8")));
}

function log(): string {
  const path = join(state, "baton/hooks.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

const paths = () => ({ sessionId: facts.sessionId, transcriptPath, cwd: repo.dir });

async function start(script: Script) {
  server = await startModelServer({ script });
  return server;
}

describe("PreCompact with the llm summary source", () => {
  it("writes the extractive handoff at once, then the worker's model summary replaces its semantic sections", async () => {
    const server = await start([reply(ANSWER)]);
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    // The hook itself sent nothing and left the summary to its worker.
    expect(server.requests).toEqual([]);
    const [before] = documents();
    expect(before?.summary).toMatchObject({ by: "anthropic:claude-sonnet-4-5", state: "pending" });
    expect(before?.sections.goal?.text).toBe(facts.goal);
    expect(workers.map((args) => args[0])).toEqual(["summarize-handoff"]);

    // Claude Code's own summary arrives (PostCompact) and the handoff is claimed before
    // the model answers: both are kept.
    await hook("PostCompact", recordedStdin.postCompact(paths()));
    const store = openStore({
      root: repo.dir,
      env: { ...context().env },
      signer: machineSigner(context().env),
    });
    await store.claim(before?.id ?? "", { session: "next-session", agent: "claude-code" });

    await runWorkers();
    server.assertNoFailures();
    expect(server.turnRequests()).toHaveLength(1);
    const sent = server.turnRequests()[0]?.text ?? "";
    expect(sent).toContain("ADD-MISMATCH");
    expect(sent).toContain(facts.goal);

    const [after, ...rest] = documents();
    expect(rest).toEqual([]);
    expect(after?.id).toBe(before?.id);
    expect(after?.status).toBe("claimed");
    expect(after?.claim?.session).toBe("next-session");
    expect(after?.summary).toMatchObject({ by: "anthropic:claude-sonnet-4-5", state: "done" });
    expect(after?.sections.goal).toEqual({
      text: "Fix add() in src/math.mjs so the suite passes, keeping a task list.",
      provenance: "claimed",
    });
    const state = after?.sections.currentState?.map((fact) => fact.text) ?? [];
    expect(state).toContain("add() is fixed; the subtract() helper is next.");
    expect(state.some((text) => text.startsWith(COMPACT_SUMMARY_LEAD))).toBe(true);
    // The verified facts are the extractive ones, untouched.
    expect(after?.sections.validation).toEqual(before?.sections.validation);
    expect(after?.sections.todos).toEqual(before?.sections.todos);
    expect(after?.sections.modifiedFiles).toEqual(before?.sections.modifiedFiles);
    expect(checkSignature(after as Handoff).state).toBe("signed");
    expect(log()).toMatch(/summary by anthropic:claude-sonnet-4-5 \(\d+ of 8000 input tokens\)/);

    // The worker runs once: a second run finds nothing pending and sends nothing.
    workers.push([
      "summarize-handoff",
      JSON.stringify({ cwd: repo.dir, id: after?.id, transcript: transcriptPath }),
    ]);
    await runWorkers();
    expect(server.requests).toHaveLength(1);
  });

  it("keeps the extractive handoff with a note when the provider fails", async () => {
    const server = await start([httpError(529, "overloaded")]);
    await hook("PreCompact", recordedStdin.preCompact(paths()));
    const [before] = documents();
    await runWorkers();
    expect(server.requests).toHaveLength(1);
    const [after] = documents();
    expect(after?.summary?.state).toBe("fallback");
    expect(after?.summary?.note).toContain("HTTP 529");
    expect(after?.sections).toEqual(before?.sections);
    expect(checkSignature(after as Handoff).state).toBe("signed");
    expect(log()).toContain("was not used: the provider answered HTTP 529");
  });

  it("stays extractive, and says why in the log, when no model is configured", async () => {
    await hook(
      "PreCompact",
      recordedStdin.preCompact(paths()),
      context({ BATON_SUMMARY_MODEL: "" }),
    );
    const [handoff] = documents();
    expect(handoff?.summary).toBeUndefined();
    expect(workers).toEqual([]);
    expect(log()).toContain("no model is configured");
  });

  it("runs for Codex too: its PreCompact defers, and its worker reads the rollout with Codex's reader", async () => {
    const codexFixture = resolve(import.meta.dirname, "../../fixtures/codex/0.169.0/fix-slugify");
    const codex = JSON.parse(readFileSync(join(codexFixture, "facts.json"), "utf8"));
    const server = await start([reply(ANSWER)]);
    const ctx = context({
      HOME: join(codexFixture, "home"),
      CODEX_HOME: join(codexFixture, "home/.codex"),
    });
    const streams = (stdin: string) => ({
      stdin: Readable.from([stdin]),
      stdout: new PassThrough(),
    });
    await runCodexHook(
      ["PreCompact"],
      streams(
        JSON.stringify({
          session_id: codex.sessionId,
          transcript_path: join(codexFixture, codex.transcript),
          cwd: repo.dir,
          hook_event_name: "PreCompact",
          trigger: "auto",
          model: codex.model,
        }),
      ),
      ctx,
    );
    expect(documents()[0]?.summary?.state).toBe("pending");
    expect(server.requests).toEqual([]);
    for (const args of workers.splice(0)) await runCodexHook(args, streams(""), ctx);
    server.assertNoFailures();
    expect(server.turnRequests()[0]?.text).toContain(codex.failingError);
    const [after] = documents();
    expect(after?.source.agent).toBe("codex");
    expect(after?.summary?.state).toBe("done");
    expect(after?.sections.nextSteps?.at(-1)).toEqual({
      text: "Write subtract() with a test",
      provenance: "claimed",
    });
    expect(log()).not.toContain("unknown");
  });

  it("gives the worker its own deadline, past the longest the model is waited for", () => {
    for (const integration of [claudeCodeIntegration, codexIntegration]) {
      const hookTimeoutSeconds = integration.hooks?.timeoutSeconds("summarize-handoff") ?? null;
      const deadline = deadlineFor({ hookTimeoutSeconds }, {});
      expect(deadline).toBe(180_000);
      expect(SUMMARY_WORKER_MODEL_MS).toBeLessThan(deadline as number);
    }
    // Other background steps keep the default.
    expect(
      deadlineFor(
        {
          hookTimeoutSeconds: claudeCodeIntegration.hooks?.timeoutSeconds("claim-handoff") ?? null,
        },
        {},
      ),
    ).toBe(30_000);
  });
});
