import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NODE_BIN } from "../cli/run-baton.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { runCodex } from "../support/agents/run-codex.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import { openaiResponses } from "../support/model-server/openai-responses.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

let home: AgentHome | undefined;
let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  home?.cleanup();
  server = undefined;
  home = undefined;
});

const SESSION_ID = "5ec7e7a1-0b1e-4c2a-9d3f-1a2b3c4d5e6f";
const TOKEN = "ghp_R8mQ2vX9kL4nT7pW1sY6zB3cD5fH0jA2eG4i";

/** A Claude Code session of the repository, in the fake home, with a secret in it. */
function writeClaudeSession(agentHome: AgentHome): void {
  const cwd = agentHome.repo.dir;
  const project = join(agentHome.home, ".claude/projects", cwd.replace(/[^a-zA-Z0-9]/g, "-"));
  mkdirSync(project, { recursive: true });
  const base = {
    isSidechain: false,
    cwd,
    sessionId: SESSION_ID,
    version: "2.1.197",
    gitBranch: "main",
    userType: "external",
  };
  const record = {
    ...base,
    type: "user",
    uuid: "u1",
    parentUuid: null,
    timestamp: "2026-12-01T10:00:01.000Z",
    message: {
      role: "user",
      content: `The failing check is test/pay.test.ts (expected 200, got 502); the token ${TOKEN} leaked.`,
    },
  };
  writeFileSync(join(project, `${SESSION_ID}.jsonl`), `${JSON.stringify(record)}\n`);
}

/**
 * The real Codex (pinned), offline against the scripted model server, with `baton mcp`
 * registered by `-c mcp_servers.baton.*` (the keys `codex mcp add` writes to config.toml).
 * Codex 0.169 defers MCP tools behind its `tool_search` tool: the model searches, Codex
 * loads the tools under the namespace `mcp__baton`, and the model calls them there.
 */
describe("baton mcp in the real Codex", () => {
  it("the model finds read_session and session_handoff, previews, hands off, and gets the answers, masked", async () => {
    home = makeAgentHome();
    writeClaudeSession(home);
    server = await startModelServer({
      adapters: [openaiResponses],
      script: [
        callTools({ name: "tool_search", input: { query: "read a previous session, handoff" } }),
        callTools({
          name: "read_session",
          namespace: "mcp__baton",
          input: { session_id: SESSION_ID.slice(0, 8), last: 5 },
        }),
        // Review first: the draft only, then (the user said yes) the handoff itself.
        callTools({
          name: "session_handoff",
          namespace: "mcp__baton",
          input: {
            summary: "Found the failing payment check; the fix is not started.",
            next_steps: ["Make test/pay.test.ts pass"],
            preview: true,
          },
        }),
        callTools({
          name: "session_handoff",
          namespace: "mcp__baton",
          input: {
            summary: "Found the failing payment check; the fix is not started.",
            next_steps: ["Make test/pay.test.ts pass"],
          },
        }),
        reply("Handed off."),
      ],
    });

    const run = await runCodex({
      home,
      baseUrl: server.url,
      prompt: "What was the failing check in the last session? Then hand off.",
      args: [
        "-c",
        `mcp_servers.baton.command=${JSON.stringify(NODE_BIN)}`,
        "-c",
        `mcp_servers.baton.args=${JSON.stringify([BATON_MAIN, "mcp"])}`,
        // exec waits for a required server before the first turn; else the search may come
        // before the server has listed its tools.
        "-c",
        "mcp_servers.baton.required=true",
      ],
      timeoutMs: 120_000,
    });

    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.lastMessage).toBe("Handed off.");
    expect(server.remaining()).toBe(0);
    const [, afterSearch, afterRead, afterPreview, afterHandoff] = server.turnRequests();
    // The preview: the draft's prompt and the request to ask the user; it wrote nothing
    // (one document in the end, from the second call).
    expect(afterPreview?.text).toContain("Handoff draft (about ");
    expect(afterPreview?.text).toContain("Make test/pay.test.ts pass");
    expect(afterPreview?.text).toContain("Write this handoff? Reply yes to write it, or cancel.");
    // The search loaded baton's tools, from the server itself.
    expect(afterSearch?.text).toMatch(/tool_search found \[[^\]]*"mcp__baton\.read_session"/);
    // What reached the model: the Claude Code session, its secret masked.
    expect(afterRead?.text).toContain(`Claude Code session ${SESSION_ID}`);
    expect(afterRead?.text).toContain("The failing check is test/pay.test.ts");
    expect(afterRead?.text).toContain("[REDACTED:github-token]");
    expect(afterRead?.text).not.toContain(TOKEN.slice(4));
    // The handoff reached the disk and its prompt the model.
    const handoffs = readdirSync(join(home.repo.dir, "docs/handoffs")).filter((f) =>
      f.endsWith(".md"),
    );
    expect(handoffs).toHaveLength(1);
    const document = readFileSync(join(home.repo.dir, "docs/handoffs", handoffs[0] ?? ""), "utf8");
    expect(document).toContain("Found the failing payment check");
    expect(afterHandoff?.text).toContain(`written: docs/handoffs/${handoffs[0]}`);
    expect(afterHandoff?.text).toContain("Make test/pay.test.ts pass");
    // Codex's own record of the calls holds only the masked text.
    expect(readFileSync(run.transcriptPath as string, "utf8")).not.toContain(TOKEN.slice(4));
  }, 150_000);
});
