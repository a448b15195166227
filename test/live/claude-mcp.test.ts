import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NODE_BIN } from "../cli/run-baton.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { runClaudeCode } from "../support/agents/run-claude-code.ts";
import { runCodex } from "../support/agents/run-codex.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import { openaiResponses } from "../support/model-server/openai-responses.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

let home: AgentHome | undefined;
const servers: ModelServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  home?.cleanup();
  home = undefined;
});

const TOKEN = "ghp_R8mQ2vX9kL4nT7pW1sY6zB3cD5fH0jA2eG4i";

/**
 * Across agents through MCP: a real Codex session (pinned Codex, offline), then the real
 * Claude Code started with `--mcp-config` naming `baton mcp`, whose model reads that Codex
 * session with `read_session`.
 */
describe("baton mcp in the real Claude Code", () => {
  it("the model reads a Codex session with read_session; the answer reaches it, masked", async () => {
    home = makeAgentHome();
    const codexServer = await startModelServer({
      adapters: [openaiResponses],
      script: [
        reply(`The flaky test is test/queue.test.ts (seed 81); token ${TOKEN} is in ci.env.`),
      ],
    });
    servers.push(codexServer);
    const codex = await runCodex({
      home,
      baseUrl: codexServer.url,
      prompt: "Which test is flaky?",
    });
    expect(codex.exitCode, codex.stderr).toBe(0);
    const codexSession = codex.sessionId as string;

    const claudeServer = await startModelServer({
      script: [
        callTools({
          name: "mcp__baton__read_session",
          input: { session_id: codexSession.slice(0, 13), agent: "codex", last: 5 },
        }),
        reply("Read it."),
      ],
    });
    servers.push(claudeServer);
    const mcpConfig = {
      mcpServers: { baton: { command: NODE_BIN, args: [BATON_MAIN, "mcp"] } },
    };
    const claude = await runClaudeCode({
      home,
      baseUrl: claudeServer.url,
      prompt: "What did the Codex session find?",
      args: ["--mcp-config", JSON.stringify(mcpConfig), "--strict-mcp-config"],
      timeoutMs: 120_000,
    });
    claudeServer.assertNoFailures();
    expect(claude.exitCode, claude.stderr).toBe(0);
    const [, afterRead] = claudeServer.turnRequests();
    expect(afterRead?.text).toContain(`Codex session ${codexSession}`);
    expect(afterRead?.text).toContain("Which test is flaky?");
    expect(afterRead?.text).toContain("The flaky test is test/queue.test.ts (seed 81)");
    expect(afterRead?.text).toContain("[REDACTED:github-token]");
    expect(afterRead?.text).not.toContain(TOKEN.slice(4));
  }, 180_000);

  it("baton install claude-code registers the server in .mcp.json and the model can call it", async () => {
    home = makeAgentHome();
    const agentHome = home;
    const installed = execFileSync(NODE_BIN, [BATON_MAIN, "install", "claude-code"], {
      cwd: agentHome.repo.dir,
      env: agentHome.env(),
      encoding: "utf8",
    });
    expect(installed).toMatch(/create\s+\.mcp\.json/);
    const registered = JSON.parse(readFileSync(join(agentHome.repo.dir, ".mcp.json"), "utf8"));
    expect(registered.mcpServers.baton.args).toEqual([BATON_MAIN, "mcp"]);
    const server = await startModelServer({
      script: [
        callTools({
          name: "mcp__baton__request_handoff",
          input: { reason: "Context nearly full." },
        }),
        reply("Asked."),
      ],
    });
    servers.push(server);
    const run = await runClaudeCode({ home: agentHome, baseUrl: server.url, prompt: "Go on." });
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(server.turnRequests()[1]?.text).toContain('"status":"handoff-requested"');
  }, 180_000);
});
