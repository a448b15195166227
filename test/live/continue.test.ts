import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { NODE_BIN } from "../cli/run-baton.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { runAgentProcess } from "../support/agents/run-agent-process.ts";
import { runClaudeCode } from "../support/agents/run-claude-code.ts";
import {
  CODEX_MODEL,
  CODEX_PROVIDER,
  runCodex,
  writeCodexProfile,
} from "../support/agents/run-codex.ts";
import {
  runOpenCode,
  seedOpenCodeDependencies,
  writeOpenCodeConfig,
} from "../support/agents/run-opencode.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

/**
 * `baton continue` with the real agents against the scripted model server: a session of one
 * agent, then `baton continue --in <other>` run as a real process, which captures that
 * session into a handoff and starts the other agent on its continuation prompt. In real use
 * the launch is interactive; here `--headless` starts the agent's own non-interactive mode
 * (`claude -p`, `codex exec`, `opencode run`), and the harness's flags for it (output format,
 * profile, permissions) follow `--`, exactly as a user's would.
 */
const BIN = resolve(import.meta.dirname, "../../node_modules/.bin");

let home: AgentHome | undefined;
let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  home?.cleanup();
  server = undefined;
  home = undefined;
});

function baton(h: AgentHome, args: string[], env: Record<string, string> = {}) {
  return runAgentProcess({
    command: NODE_BIN,
    args: [BATON_MAIN, ...args],
    cwd: h.repo.dir,
    env: h.env({ PATH: `${BIN}:${process.env.PATH ?? ""}`, ...env }),
    timeoutMs: 120_000,
    label: "baton continue",
  });
}

function handoffs(h: AgentHome) {
  const dir = join(h.repo.dir, "docs", "handoffs");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => parseDocument(readFileSync(join(dir, name), "utf8"), { path: name }));
}

/** What `--` passes to each agent's non-interactive mode in these tests. */
function codexArgs(h: AgentHome, baseUrl: string): string[] {
  writeCodexProfile(join(h.home, ".codex"), baseUrl, CODEX_MODEL);
  return [
    "--profile",
    CODEX_PROVIDER,
    "--json",
    "--skip-git-repo-check",
    "--dangerously-bypass-approvals-and-sandbox",
  ];
}

const CODEX_ENV = { BATON_TEST_API_KEY: "baton-test-key" };

function openCodeEnv(h: AgentHome, baseUrl: string): Record<string, string> {
  seedOpenCodeDependencies(join(h.home, ".config", "opencode"));
  return {
    OPENCODE_CONFIG: writeOpenCodeConfig(join(h.home, ".baton-test"), baseUrl),
    OPENCODE_DISABLE_DEFAULT_PLUGINS: "1",
  };
}

function claudeEnv(baseUrl: string): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: "sk-ant-baton-test-not-a-real-key",
    IS_SANDBOX: "1",
  };
}

describe("baton continue with the real agents", { timeout: 240_000 }, () => {
  it("Claude Code → Codex: Codex's first model request carries the continuation prompt", async () => {
    home = makeAgentHome();
    const h = home;
    server = await startModelServer({
      script: [
        callTools({
          name: "Write",
          input: { file_path: join(h.repo.dir, "auth.ts"), content: "export const refresh = 1;\n" },
        }),
        reply("Wrote auth.ts; the mutex is next."),
        reply("Continuing in Codex."),
      ],
    });
    const source = await runClaudeCode({
      home: h,
      baseUrl: server.url,
      prompt: "Fix the token refresh race in auth.ts",
    });
    server.assertNoFailures();
    expect(source.exitCode, source.stderr).toBe(0);
    // A dry run with no handoff yet: it would capture the newest session of any agent, and
    // writes, claims and starts nothing.
    const dry = await baton(h, ["continue", "--in", "codex", "--dry-run", "--json"]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`summarizing Claude Code session ${source.sessionId}`);
    expect(dry.stderr).toMatch(/would write a new handoff \(about \d{4}-\d{2}-\d{2}-[a-z0-9-]+\)/);
    expect(JSON.parse(dry.stdout).args.at(-1)).toContain("Fix the token refresh race");
    expect(existsSync(join(h.repo.dir, "docs", "handoffs"))).toBe(false);
    const before = server.turnRequests().length;

    const run = await baton(
      h,
      [
        "continue",
        "--in",
        "codex",
        "--from",
        "claude-code",
        "--headless",
        "--",
        ...codexArgs(h, server.url),
      ],
      CODEX_ENV,
    );
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("Continuing in Codex.");
    const [handoff] = handoffs(h);
    expect(handoff?.source.agent).toBe("claude-code");
    expect(handoff?.source.sessionId).toBe(source.sessionId);
    const first = server.turnRequests()[before];
    expect(first?.api).toBe("openai-responses");
    expect(first?.text).toContain("## Session Handoff");
    expect(first?.text).toContain("Fix the token refresh race in auth.ts");
    expect(first?.text).toContain("auth.ts");
    // Claimed for the new session under a launch id (Codex does not let baton name it).
    expect(handoff?.status).toBe("claimed");
    expect(handoff?.claim?.agent).toBe("codex");
    expect(run.stderr).toContain(`claimed for session ${handoff?.claim?.session}`);
  });

  it("Codex → OpenCode: OpenCode's first model request carries the continuation prompt", async () => {
    home = makeAgentHome();
    const h = home;
    server = await startModelServer({
      script: [
        callTools({ name: "exec_command", input: { cmd: "echo checking; exit 3" } }),
        reply("The check failed with exit 3."),
        reply("Continuing in OpenCode."),
      ],
    });
    const source = await runCodex({
      home: h,
      baseUrl: server.url,
      prompt: "Make the slugify check pass",
    });
    server.assertNoFailures();
    expect(source.exitCode, source.stderr).toBe(0);
    const before = server.turnRequests().length;

    const run = await baton(
      h,
      ["continue", "--in", "opencode", "--from", "codex", "--headless", "--", "--format", "json"],
      openCodeEnv(h, server.url),
    );
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("Continuing in OpenCode.");
    const [handoff] = handoffs(h);
    expect(handoff?.source.agent).toBe("codex");
    const first = server.turnRequests()[before];
    expect(first?.api).toBe("openai-chat");
    expect(first?.text).toContain("## Session Handoff");
    expect(first?.text).toContain("Make the slugify check pass");
    expect(first?.text).toContain("exit 3");
    expect(handoff?.claim?.agent).toBe("opencode");
  });

  it("OpenCode → Claude Code: the claim is Claude Code's own session id", async () => {
    home = makeAgentHome();
    const h = home;
    server = await startModelServer({
      script: [
        callTools({
          name: "bash",
          input: { command: "echo hello > notes.txt", description: "note" },
        }),
        reply("Wrote notes.txt."),
        reply("Continuing in Claude Code."),
      ],
    });
    const source = await runOpenCode({
      home: h,
      baseUrl: server.url,
      prompt: "Write the release notes",
      title: "notes",
    });
    server.assertNoFailures();
    expect(source.exitCode, source.stderr).toBe(0);
    const before = server.turnRequests().length;

    const run = await baton(
      h,
      [
        "continue",
        "--in",
        "claude",
        "--from",
        "opencode",
        "--headless",
        "--",
        "--output-format",
        "json",
        "--permission-mode",
        "bypassPermissions",
      ],
      claudeEnv(server.url),
    );
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("Continuing in Claude Code.");
    const [handoff] = handoffs(h);
    expect(handoff?.source.agent).toBe("opencode");
    const first = server.turnRequests()[before];
    expect(first?.api).toBe("anthropic-messages");
    expect(first?.text).toContain("## Session Handoff");
    expect(first?.text).toContain("Write the release notes");
    // baton chose the session's id (`--session-id`), so the claim names the real session.
    expect(handoff?.claim?.agent).toBe("claude-code");
    expect(first?.sessionId).toBe(handoff?.claim?.session);
  });

  it("a 300 KB handoff reaches Codex whole, on stdin, without E2BIG", async () => {
    home = makeAgentHome();
    const h = home;
    server = await startModelServer({ script: [reply("Read all of it.")] });
    const goal = Array.from({ length: 12_000 }, (_, i) => `step ${i} of the huge goal;`).join(" ");
    expect(goal.length).toBeGreaterThan(300_000);
    const file = join(h.home, "summary.json");
    writeFileSync(file, JSON.stringify({ goal, next_steps: ["Finish it"] }));
    const created = await baton(h, ["create", "--from-file", file]);
    expect(created.exitCode, created.stderr).toBe(0);

    const run = await baton(
      h,
      ["continue", "--in", "codex", "--headless", "--full", "--", ...codexArgs(h, server.url)],
      CODEX_ENV,
    );
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain("(prompt on stdin)");
    expect(run.stderr).not.toContain("E2BIG");
    const [first] = server.turnRequests();
    expect(first?.text).toContain(goal);
    expect(first?.text).toContain("Finish it");
  });

  it("a 300 KB handoff reaches Claude Code whole, on stdin and through the prompt file", async () => {
    home = makeAgentHome();
    const h = home;
    // Many lines this time (6,000 next steps), so the agent can read the file in parts.
    const steps = Array.from(
      { length: 6000 },
      (_, i) => `Step ${i}: port module ${i} to the new API`,
    );
    const file = join(h.home, "summary.json");
    writeFileSync(file, JSON.stringify({ goal: "Port every module", next_steps: steps }));
    const created = await baton(h, ["create", "--from-file", file]);
    expect(created.exitCode, created.stderr).toBe(0);
    const id = (created.stdout.trim().split("/").pop() ?? "").replace(/\.md$/, "");
    const promptFile = join(h.repo.dir, "docs", "handoffs", ".prompts", `${id}.md`);
    server = await startModelServer({
      script: [
        reply("Read all of it."),
        // Claude Code's Read refuses a file over 256 KB at once: the agent reads it in parts.
        callTools({ name: "Read", input: { file_path: promptFile, offset: 1, limit: 40 } }),
        callTools({ name: "Read", input: { file_path: promptFile, offset: 5900, limit: 400 } }),
        reply("Read the file."),
      ],
    });
    const claudeArgs = ["--", "--output-format", "json", "--permission-mode", "bypassPermissions"];
    const onStdin = await baton(
      h,
      ["continue", "--in", "claude", "--headless", "--full", ...claudeArgs],
      claudeEnv(server.url),
    );
    server.assertNoFailures();
    expect(onStdin.exitCode, onStdin.stderr).toBe(0);
    expect(onStdin.stderr).toContain("(prompt on stdin)");
    const whole = server.turnRequests()[0]?.text ?? "";
    expect(whole.length).toBeGreaterThan(300_000);
    for (const step of [steps[0], steps[2999], steps[5999]]) expect(whole).toContain(step);

    expect((await baton(h, ["release"])).exitCode).toBe(0);
    const byFile = await baton(
      h,
      ["continue", "--in", "claude", "--headless", "--full", "--prompt-via", "file", ...claudeArgs],
      claudeEnv(server.url),
    );
    server.assertNoFailures();
    expect(byFile.exitCode, byFile.stderr).toBe(0);
    const [asked, head, tail] = server.turnRequests().slice(1);
    // The argument is one short line naming the file; the agent reads the prompt from it.
    expect(asked?.text).toContain(`Read the file docs/handoffs/.prompts/${id}.md first`);
    expect(asked?.text).not.toContain(steps[5999]);
    expect(head?.text).toContain("Continue the work of this baton handoff");
    expect(tail?.text).toContain(steps[5999]);
    expect(existsSync(promptFile)).toBe(false);
  });

  it("with baton's Claude Code hooks installed, the new session acknowledges its own claim", async () => {
    home = makeAgentHome();
    const h = home;
    server = await startModelServer({ script: [reply("Taking it from here.")] });
    expect((await baton(h, ["install", "claude-code"])).exitCode).toBe(0);
    const created = await baton(h, ["create", "--goal", "Ship the greeting", "--next", "Tag it"]);
    expect(created.exitCode, created.stderr).toBe(0);
    const run = await baton(
      h,
      ["continue", "--in", "claude", "--headless", "--", "--output-format", "json"],
      claudeEnv(server.url),
    );
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    const [first] = server.turnRequests();
    // The prompt arrives once: the hooks see the claim is this session's and add nothing.
    expect(first?.text.split("**Goal:** Ship the greeting").length).toBe(2);
    const archived = readdirSync(join(h.repo.dir, "docs", "handoffs", "_archive"));
    expect(archived).toHaveLength(1);
    const doc = parseDocument(
      readFileSync(join(h.repo.dir, "docs", "handoffs", "_archive", archived[0] ?? ""), "utf8"),
      { path: "archived" },
    );
    expect(doc.restoredAt).not.toBeNull();
    expect(doc.claim?.session).toBe(first?.sessionId);
  });
});
