import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { CODEX_BIN, runCodex } from "../support/agents/run-codex.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import { openaiResponses } from "../support/model-server/openai-responses.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";
import { FOREIGN_MARK, foreignDocument } from "../support/trust-gate-setup.ts";

/**
 * The Codex integration in the real codex binary (pinned, or BATON_CODEX_BIN): installed
 * with `baton install codex`, trusted through Codex itself, driven offline by the scripted
 * model server. No `--dangerously-bypass-hook-trust`: the hooks run because install
 * trusted them.
 */

function baton(home: AgentHome, ...args: string[]): string {
  return execFileSync(process.execPath, [BATON_MAIN, ...args], {
    cwd: home.repo.dir,
    env: home.env({ BATON_CODEX_BIN: CODEX_BIN }),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function handoffFiles(home: AgentHome, archived = false): string[] {
  const dir = join(home.repo.dir, "docs/handoffs", archived ? "_archive" : "");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(dir, name));
}

function hookLog(home: AgentHome): string {
  const path = join(home.home, ".local/state/baton/hooks.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

describe.sequential("baton in the real Codex", { timeout: 240_000 }, () => {
  const home = makeAgentHome({ branch: "feat/pay" });
  const codexDir = join(home.home, ".codex");
  let server: ModelServer | undefined;
  afterAll(async () => {
    await server?.close();
    home.cleanup();
  });

  it("installs its hooks, skills and MCP server, trusted, and installing again changes nothing", () => {
    const first = baton(home, "install", "codex", "--scope", "user");
    expect(first).toMatch(/create\s+.*\.codex\/hooks\.json/);
    expect(first).toMatch(/create\s+.*\.codex\/skills\/handoff-resume\/SKILL\.md/);
    const hooks = JSON.parse(readFileSync(join(codexDir, "hooks.json"), "utf8"));
    expect(Object.keys(hooks.hooks).sort()).toEqual([
      "PreCompact",
      "SessionStart",
      "Stop",
      "UserPromptSubmit",
    ]);
    const config = readFileSync(join(codexDir, "config.toml"), "utf8");
    expect(config).toContain("[mcp_servers.baton]");
    expect(config.match(/trusted_hash = "sha256:[0-9a-f]{64}"/g)).toHaveLength(4);
    expect(baton(home, "install", "codex", "--scope", "user")).not.toMatch(/^(create|update)/m);
    home.repo.write("check.sh", 'echo "FAIL test/pay.test.ts: expected 200, got 502"; exit 1\n');
    home.repo.write("big.log", `${"compiled module in 12 ms\n".repeat(800)}`);
    home.repo.commit("a failing check and a build log");
  });

  let firstSession = "";
  it("an automatic compaction mid-turn writes a handoff with the failing check; the next request carries it", async () => {
    server = await startModelServer({
      adapters: [openaiResponses],
      script: [
        callTools({ name: "exec_command", input: { cmd: "sh check.sh" } }),
        callTools({ name: "exec_command", input: { cmd: "cat big.log" } }),
        reply("The payment check fails; I read the build log."),
      ],
      sideReplies: { compact: "SUMMARY-4b2: check.sh fails on the payment test." },
    });
    const run = await runCodex({
      home,
      baseUrl: server.url,
      prompt: "Find out why the payment check fails.",
      args: ["-c", "model_auto_compact_token_limit=10000"],
    });
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    firstSession = run.sessionId ?? "";
    expect(server.requests.map((r) => r.side)).toEqual([false, false, "compact", false]);
    const [written, ...others] = handoffFiles(home);
    expect(others).toEqual([]);
    const handoff = parseDocument(readFileSync(written as string, "utf8"));
    expect(handoff.trigger).toBe("compact");
    expect(handoff.source.agent).toBe("codex");
    expect(handoff.source.sessionId).toBe(firstSession);
    // The failing check, as a verified fact: the command Codex ran and its exit code.
    expect(handoff.sections.validation).toEqual(
      expect.arrayContaining([expect.objectContaining({ command: "sh check.sh", exitCode: 1 })]),
    );
    const after = server.requests.at(-1);
    expect(after?.text).toContain("Handoff captured by baton just before this compaction");
    expect(after?.text).toContain("sh check.sh");
    expect(hookLog(home)).toBe("");
  });

  it("a new codex exec on the branch starts with the open handoff; it is archived after its turn", async () => {
    await server?.close();
    server = await startModelServer({
      adapters: [openaiResponses],
      script: [
        callTools({
          name: "exec_command",
          input: { cmd: "ls docs/handoffs docs/handoffs/_archive 2>&1; echo listed" },
        }),
        reply("I picked up the handoff."),
      ],
    });
    const [open] = handoffFiles(home);
    const id = (open as string).split("/").at(-1)?.replace(/\.md$/, "");
    const next = await runCodex({ home, baseUrl: server.url, prompt: "Carry on." });
    server.assertNoFailures();
    expect(next.exitCode, next.stderr).toBe(0);
    const [first, second] = server.turnRequests();
    expect(first?.text).toContain("An open handoff from an earlier session");
    expect(first?.text).toContain(`session ${firstSession}`);
    expect(first?.text).toContain("sh check.sh");
    // During the turn the document was still live, not archived.
    expect(second?.text).toContain(`${id}.md`);
    expect(second?.text).toContain("cannot access 'docs/handoffs/_archive'");
    expect(handoffFiles(home)).toEqual([]);
    const [archived] = handoffFiles(home, true);
    const handoff = parseDocument(readFileSync(archived as string, "utf8"));
    expect(handoff.status).toBe("archived");
    expect(handoff.restoredAt).not.toBeNull();
    expect(handoff.claim?.session).toBe(next.sessionId);
    expect(handoff.claim?.agent).toBe("codex");
    expect(hookLog(home)).toBe("");
  });

  it("the trust gate: an unsigned handoff from someone else is not injected nor claimed, only a notice is", async () => {
    await server?.close();
    server = await startModelServer({
      adapters: [openaiResponses],
      script: [reply("Nothing to pick up.")],
    });
    home.repo.write("docs/handoffs/2026-01-02-urgent-fix.md", foreignDocument("feat/pay"));
    const run = await runCodex({ home, baseUrl: server.url, prompt: "Carry on." });
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    const [first] = server.turnRequests();
    expect(first?.text).toContain("baton: an unverified handoff is waiting");
    expect(first?.text).not.toContain(FOREIGN_MARK);
    expect(
      parseDocument(
        readFileSync(join(home.repo.dir, "docs/handoffs/2026-01-02-urgent-fix.md"), "utf8"),
      ).status,
    ).toBe("open");
  });

  it("uninstall takes out baton's hooks, skills, server and trust, and nothing else", () => {
    const out = baton(home, "uninstall", "codex", "--scope", "user");
    expect(out).toMatch(/remove\s+.*skills\/handoff\/SKILL\.md/);
    const config = readFileSync(join(codexDir, "config.toml"), "utf8");
    expect(config).not.toContain("mcp_servers.baton");
    expect(config).not.toContain("trusted_hash");
    expect(existsSync(join(codexDir, "skills/handoff"))).toBe(false);
  });
});
