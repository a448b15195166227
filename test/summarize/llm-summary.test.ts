import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { countTokens } from "../../src/core/count-tokens.ts";
import type { Handoff } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { checkSignature } from "../../src/safety/sign-handoff.ts";
import { captureHandoff, draftHandoff } from "../../src/summarize/capture-handoff.ts";
import {
  type ModelSpec,
  parseModelSpec,
  type SummarySettings,
} from "../../src/summarize/llm/summary-settings.ts";
import { httpError, reply, type Script } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { assistant, buildSession, edit, shell, user } from "./session-builder.ts";

/**
 * The `llm` summary source against the scripted model server over real HTTP, through the
 * one capture pipeline into a real repository's handoff folder: what is sent (the verified
 * facts, the parent's open items, no secret, within the budget), what is written (the
 * model's sections as claims beside the verified facts, signed), and every fallback.
 */

// Built here so no secret-shaped literal sits in the source; the redactor knows the format.
const PLANTED = `ghp_${"A1b2C3d4".repeat(4)}E5f6`;

const SESSION = buildSession({
  messages: [
    user("Make the retry test pass in src/retry.mjs."),
    assistant(
      "Decision: cap retries at 3 because the upstream rate limit resets after 3 s.",
      shell("npm test", 1, "Error: RETRY-LIMIT exceeded"),
    ),
    user(`Use the deploy token ${PLANTED} if the registry asks.`),
    assistant("Fixed the cap.", edit("src/retry.mjs", "retries = 5", "retries = 3")),
    assistant("Tests pass now.", shell("npm test", 0, "ok 4 tests")),
  ],
  todos: [
    { text: "Fix the retry cap", status: "completed" },
    { text: "Document the retry limit", status: "pending" },
  ],
});

const ANSWER = [
  "## Goal",
  "",
  "Make the retry test pass by capping retries in src/retry.mjs.",
  "",
  "## Current State",
  "",
  "- The retry cap is fixed and the suite passes.",
  "",
  "## Key Decisions",
  "",
  "- Cap retries at 3 — because the upstream rate limit resets after 3 s",
  "",
  "## Failed Approaches",
  "",
  "_None._",
  "",
  "## Next Steps",
  "",
  "1. Document the retry limit in docs/retries.md",
  "",
  "## Open Questions",
  "",
  "- Should the cap be configurable per registry?",
].join("\n");

let repo: TempRepo | undefined;
let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  repo?.cleanup();
  repo = undefined;
});

function settings(
  spec: string,
  limits: Partial<SummarySettings["limits"]> = {},
  baseUrl: string | null = null,
) {
  return {
    source: "llm" as const,
    model: parseModelSpec(spec) as ModelSpec,
    baseUrl,
    limits: { timeoutMs: 10_000, maxInputTokens: 8_000, maxOutputTokens: 800, ...limits },
  };
}

async function setUp(script: Script) {
  repo = makeTempRepo({ branch: "fix/retry" });
  repo.write("src/retry.mjs", "export const retries = 5;\n");
  repo.commit("retry");
  repo.write("src/retry.mjs", "export const retries = 3;\n");
  server = await startModelServer({ script });
  const env = {
    HOME: makeTempDir("baton-llm-home-"),
    XDG_CONFIG_HOME: makeTempDir("baton-llm-config-"),
    ANTHROPIC_BASE_URL: server.url,
    ANTHROPIC_API_KEY: "test-key-not-secret",
    PATH: process.env.PATH,
  };
  return { repo, server, env };
}

/** A parent handoff with one question still open and one step this session did. */
async function writeParent(cwd: string, env: Record<string, string | undefined>) {
  const parent = await captureHandoff({
    cwd,
    env,
    now: new Date("2026-05-01T09:00:00Z"),
    session: null,
    given: {
      goal: { text: "Harden the registry client", provenance: "claimed" },
      nextSteps: [
        { text: "Fix the retry cap in src/retry.mjs", provenance: "claimed" },
        { text: "Add jitter to the backoff", provenance: "claimed" },
      ],
      openQuestions: [{ text: "Does the mirror honour Retry-After?", provenance: "claimed" }],
    },
    trigger: "manual",
  });
  return parent.handoff;
}

function readWritten(path: string): Handoff {
  return parseDocument(readFileSync(path, "utf8"));
}

describe("the llm summary source", () => {
  it("sends the verified facts, the parent's open items and no secret, within the budget (Anthropic Messages)", async () => {
    const { repo, server, env } = await setUp([reply(ANSWER)]);
    const parent = await writeParent(repo.dir, env);
    const captured = await captureHandoff({
      cwd: repo.dir,
      env,
      now: new Date("2026-05-01T10:00:00Z"),
      session: SESSION,
      trigger: "manual",
      parent: parent.id,
      summary: settings("anthropic:claude-sonnet-4-5", { maxInputTokens: 3_000 }),
    });
    server.assertNoFailures();
    const [request] = server.turnRequests();
    expect(request?.path).toBe("/v1/messages");
    expect(request?.headers["x-api-key"]).toBe("test-key-not-secret");
    const body = request?.body as { model: string; max_tokens: number };
    expect(body.model).toBe("claude-sonnet-4-5");
    expect(body.max_tokens).toBe(800);
    const sent = request?.text ?? "";
    // Verified facts, with their marks: the commands and exit codes, the todo store.
    expect(sent).toMatch(/`npm test`.*exit 1.*_\(verified\)_/);
    expect(sent).toContain("Document the retry limit");
    // The parent's still-open items, and the ask to merge.
    expect(sent).toContain("Does the mirror honour Retry-After?");
    expect(sent).toContain("Add jitter to the backoff");
    expect(sent).toContain("keep what is still relevant, drop what was done");
    // The session's window, redacted.
    expect(sent).toContain("Make the retry test pass");
    expect(sent).not.toContain(PLANTED);
    expect(sent).toContain("[REDACTED:");
    expect(JSON.stringify(request?.body)).not.toContain(PLANTED);
    // The budget, counted as baton counts it, and recorded.
    const summary = captured.handoff.summary;
    expect(summary).toMatchObject({ by: "anthropic:claude-sonnet-4-5", state: "done", note: null });
    expect(summary?.inputBudget).toBe(3_000);
    expect(summary?.inputTokens).toBeLessThanOrEqual(3_000);
    expect(countTokens(sent)).toBeLessThanOrEqual(3_000 + 50);

    const written = readWritten(captured.path);
    expect(written.summary).toEqual(summary);
    expect(written.sections.goal).toEqual({
      text: "Make the retry test pass by capping retries in src/retry.mjs.",
      provenance: "claimed",
    });
    expect(written.sections.keyDecisions).toEqual([
      {
        decision: "Cap retries at 3",
        reason: "the upstream rate limit resets after 3 s",
        provenance: "claimed",
      },
    ]);
    expect(written.sections.failedApproaches).toEqual([]);
    expect(written.sections.openQuestions).toEqual([
      { text: "Should the cap be configurable per registry?", provenance: "claimed" },
    ]);
    // Verified facts stay verified and as extracted.
    expect(written.sections.validation?.map((v) => [v.command, v.exitCode, v.provenance])).toEqual([
      ["npm test", 1, "verified"],
      ["npm test", 0, "verified"],
    ]);
    expect(written.sections.todos).toContainEqual({
      text: "Document the retry limit",
      status: "pending",
      provenance: "verified",
    });
    expect(written.sections.modifiedFiles?.[0]).toMatchObject({
      path: "src/retry.mjs",
      provenance: "verified",
    });
    expect(readFileSync(captured.path, "utf8")).toContain(
      "were written by anthropic:claude-sonnet-4-5",
    );
    expect(checkSignature(written).state).toBe("signed");
    // The parent is continued and superseded, as without a model.
    expect(written.parent).toBe(parent.id);
    expect(captured.superseded).toEqual([{ id: parent.id, by: written.id }]);
  });

  it("speaks Chat Completions to an OpenAI-compatible server at its base URL", async () => {
    const { repo, server, env } = await setUp([reply(`\`\`\`markdown\n${ANSWER}\n\`\`\``)]);
    const captured = await captureHandoff({
      cwd: repo.dir,
      env: { ...env, BATON_SUMMARY_API_KEY: "local-key" },
      now: new Date("2026-05-01T10:00:00Z"),
      session: SESSION,
      trigger: "manual",
      summary: settings("openai-compatible:scripted-model", {}, `${server.url}/v1`),
    });
    server.assertNoFailures();
    const [request] = server.turnRequests();
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe("Bearer local-key");
    expect((request?.body as { model?: string } | undefined)?.model).toBe("scripted-model");
    expect(request?.text).toContain("Document the retry limit");
    expect(request?.text).not.toContain(PLANTED);
    const written = readWritten(captured.path);
    expect(written.summary?.state).toBe("done");
    expect(written.summary?.by).toBe("openai-compatible:scripted-model");
    // The verified next step (the todo store's pending item) stays first, as it was.
    expect(written.sections.nextSteps).toEqual([
      { text: "Document the retry limit", provenance: "verified" },
      { text: "Document the retry limit in docs/retries.md", provenance: "claimed" },
    ]);
  });

  it("reaches OpenAI through OPENAI_BASE_URL and Ollama through OLLAMA_HOST", async () => {
    const { repo, server, env } = await setUp([reply(ANSWER), reply(ANSWER)]);
    const request = {
      cwd: repo.dir,
      now: new Date("2026-05-01T10:00:00Z"),
      session: SESSION,
      trigger: "manual" as const,
    };
    const openai = await captureHandoff({
      ...request,
      env: { ...env, OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: "openai-test-key" },
      summary: settings("openai:gpt-5-mini"),
    });
    const ollama = await captureHandoff({
      ...request,
      env: { ...env, OLLAMA_HOST: server.url.replace("http://", "") },
      summary: settings("ollama:llama3.2"),
    });
    server.assertNoFailures();
    const [first, second] = server.turnRequests();
    expect(first?.path).toBe("/v1/responses");
    expect(first?.headers.authorization).toBe("Bearer openai-test-key");
    expect(second?.path).toBe("/v1/chat/completions");
    expect(second?.headers.authorization).toBeUndefined();
    expect((second?.body as { model?: string } | undefined)?.model).toBe("llama3.2");
    expect(openai.handoff.summary).toMatchObject({ by: "openai:gpt-5-mini", state: "done" });
    expect(ollama.handoff.summary).toMatchObject({ by: "ollama:llama3.2", state: "done" });
  });

  describe("falls back to the extractive summary with a note, losing nothing", () => {
    const cases: Array<{
      name: string;
      script: Script;
      limits?: Partial<SummarySettings["limits"]>;
      note: RegExp;
      sends: number;
    }> = [
      {
        name: "a timeout",
        script: [{ ...reply(ANSWER), delayMs: 5_000 }],
        limits: { timeoutMs: 400 },
        note: /did not answer within 0\.4 s/,
        sends: 1,
      },
      {
        name: "an HTTP error",
        script: [httpError(500, "upstream overloaded")],
        note: /HTTP 500/,
        sends: 1,
      },
      {
        name: "a malformed answer",
        script: [reply("Sure! The session fixed the retry cap. Let me know if you need more.")],
        note: /not a summary: .*none of the summary's headings/,
        sends: 1,
      },
      {
        name: "an answer under an unknown heading",
        script: [reply("## Goal\n\nShip it.\n\n## Summary\n\n- done")],
        note: /not a summary: .*unknown section "## Summary"/,
        sends: 1,
      },
      {
        name: "an input over budget",
        script: [],
        limits: { maxInputTokens: 60 },
        note: /over budget: the handoffs alone are \d+ tokens of 60; nothing was sent/,
        sends: 0,
      },
    ];
    for (const { name, script, limits, note, sends } of cases) {
      it(name, async () => {
        const { repo, server, env } = await setUp(script);
        const request = {
          cwd: repo.dir,
          env,
          now: new Date("2026-05-01T10:00:00Z"),
          session: SESSION,
          trigger: "manual" as const,
        };
        const extractive = (await draftHandoff(request)).draft.sections;
        const started = Date.now();
        const captured = await captureHandoff({
          ...request,
          summary: settings("anthropic:claude-sonnet-4-5", limits),
        });
        expect(Date.now() - started).toBeLessThan(4_000);
        expect(server.requests.length).toBe(sends);
        const written = readWritten(captured.path);
        expect(written.summary?.state).toBe("fallback");
        expect(written.summary?.note).toMatch(note);
        expect(written.sections).toEqual(extractive);
        expect(readFileSync(captured.path, "utf8")).toContain(
          "The summary by anthropic:claude-sonnet-4-5 was not used",
        );
        expect(checkSignature(written).state).toBe("signed");
      });
    }
  });
});
