import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/** `--summarize llm` on the command line: configuring the model, and what is reported. */
let repo: TempRepo | undefined;
let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  repo?.cleanup();
  repo = undefined;
});

const dir = join(FIXTURES_ROOT, "claude-code/2.1.197/fix-off-by-one");
const facts = readFixtureFacts(dir);

function baseEnv(config: unknown = undefined) {
  const configHome = makeTempDir("baton-llm-cli-config-");
  if (config !== undefined) {
    mkdirSync(join(configHome, "baton"), { recursive: true });
    writeFileSync(join(configHome, "baton/config.json"), JSON.stringify(config));
  }
  const empty = makeTempDir("baton-empty-");
  return {
    HOME: join(dir, "home"),
    CLAUDE_CONFIG_DIR: join(dir, "home/.claude"),
    CODEX_HOME: join(empty, "codex"),
    XDG_DATA_HOME: join(empty, "data"),
    XDG_CONFIG_HOME: configHome,
    ANTHROPIC_BASE_URL: undefined,
    ANTHROPIC_API_KEY: undefined,
  };
}

const ANSWER =
  "## Goal\n\nFix add() so `node --test` passes.\n\n## Next Steps\n\n1. Tag the release\n";

function handoffFiles(root: string): string[] {
  const folder = join(root, "docs/handoffs");
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(".md")) : [];
}

describe("baton create --summarize llm", () => {
  it("refuses without a model, naming the three ways to configure one, and writes and sends nothing", async () => {
    repo = makeTempRepo({ branch: facts.branch });
    const run = await runInProcess(
      ["create", "--from", "claude-code", "--session", facts.sessionId, "--summarize", "llm"],
      { cwd: repo.dir, env: baseEnv() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nothing was sent");
    expect(run.stderr).toContain("--model provider:model");
    expect(run.stderr).toContain("BATON_SUMMARY_MODEL=");
    expect(run.stderr).toContain("baton/config.json");
    expect(handoffFiles(repo.dir)).toEqual([]);
  });

  it("takes the model and the source from the config file, and reports the tokens sent", async () => {
    repo = makeTempRepo({ branch: facts.branch });
    server = await startModelServer({ script: [reply(ANSWER)] });
    const env = {
      ...baseEnv({
        summary: {
          source: "llm",
          model: "anthropic:claude-sonnet-4-5",
          baseUrl: server.url,
          maxInputTokens: 5000,
        },
      }),
      ANTHROPIC_API_KEY: "test-key",
    };
    const run = await runInProcess(
      ["create", "--from", "claude-code", "--session", facts.sessionId, "--json"],
      { cwd: repo.dir, env },
    );
    server.assertNoFailures();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /summary written by anthropic:claude-sonnet-4-5 \(\d+ of 5000 input tokens, \d+ output tokens\)/,
    );
    expect(server.turnRequests()[0]?.text).toContain(facts.failingError);
    const handoff = parseDocument(readFileSync(JSON.parse(run.stdout).path, "utf8"));
    expect(handoff.sections.goal).toEqual({
      text: "Fix add() so `node --test` passes.",
      provenance: "claimed",
    });
    expect(handoff.summary?.by).toBe("anthropic:claude-sonnet-4-5");
    // The flag wins over the config: extractive sends nothing.
    const again = await runInProcess(
      [
        "create",
        "--from",
        "claude-code",
        "--session",
        facts.sessionId,
        "--summarize",
        "extractive",
      ],
      { cwd: repo.dir, env },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(server.requests.length).toBe(1);
  });

  it("names a misspelled config key and an unknown provider", async () => {
    repo = makeTempRepo({ branch: facts.branch });
    const broken = await runInProcess(
      ["create", "--from", "claude-code", "--session", facts.sessionId, "--summarize", "llm"],
      { cwd: repo.dir, env: baseEnv({ summary: { modle: "anthropic:x" } }) },
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("modle");
    const unknown = await runInProcess(
      ["create", "--goal", "x", "--summarize", "llm", "--model", "acme:big"],
      { cwd: repo.dir, env: baseEnv() },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("providers: anthropic, openai, openai-compatible, ollama");
    expect(handoffFiles(repo.dir)).toEqual([]);
  });

  it("continue: --summarize llm with --summary-model; a dry run names the model and sends nothing", async () => {
    repo = makeTempRepo({ branch: facts.branch });
    server = await startModelServer({ script: [reply(ANSWER)] });
    const env = { ...baseEnv(), ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "test-key" };
    const args = [
      "continue",
      "--in",
      "claude-code",
      "--session",
      facts.sessionId,
      "--summarize",
      "llm",
    ];
    const refused = await runInProcess([...args, "--dry-run"], { cwd: repo.dir, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--summarize llm needs a model");
    expect(refused.stderr).toContain("give --summary-model provider:model");
    const dry = await runInProcess(
      [...args, "--summary-model", "anthropic:claude-sonnet-4-5", "--dry-run"],
      { cwd: repo.dir, env },
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain("would ask anthropic:claude-sonnet-4-5 for the summary");
    expect(server.requests).toEqual([]);
    expect(handoffFiles(repo.dir)).toEqual([]);
  });
});
