import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { markedHeadings } from "../../src/core/enrich-markers.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { GEMINI_BIN, runGemini } from "../support/agents/run-gemini.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import { geminiGenerateContent } from "../support/model-server/gemini-generate-content.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";
import { FOREIGN_MARK, foreignDocument } from "../support/trust-gate-setup.ts";

/**
 * The Gemini CLI integration in the real gemini binary (pinned, or BATON_GEMINI_BIN):
 * installed with `baton install gemini-cli --scope project`, driven offline by the scripted
 * model server. Compression is real: `model.compressionThreshold` 0.005 (about 5 200 tokens
 * of gemini-2.5-pro's window) and a long build log put the history past it.
 */
const THRESHOLD = { model: { compressionThreshold: 0.005 } };
/**
 * Gemini's start-up clean-up (`general.sessionRetention`, on by default) deletes chat files
 * it judges not resumable; it deleted the compressed first session at a later start in
 * some runs, and the MCP step reads that session. The harness's other general settings kept.
 */
const KEEP_SESSIONS = {
  general: {
    enableAutoUpdate: false,
    enableAutoUpdateNotification: false,
    sessionRetention: { enabled: false },
  },
};

function baton(home: AgentHome, ...args: string[]): string {
  return execFileSync(process.execPath, [BATON_MAIN, ...args], {
    cwd: home.repo.dir,
    env: home.env(),
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

describe
  .skipIf(GEMINI_BIN === undefined)
  .sequential("baton in the real Gemini CLI", { timeout: 240_000 }, () => {
    const home = makeAgentHome({ branch: "feat/pay" });
    const settingsPath = join(home.repo.dir, ".gemini/settings.json");
    let server: ModelServer | undefined;
    afterAll(async () => {
      await server?.close();
      home.cleanup();
    });

    it("installs its hooks, commands and MCP server into the project; installing again changes nothing", () => {
      const first = baton(home, "install", "gemini-cli", "--scope", "project");
      expect(first).toMatch(/create\s+.*\.gemini\/settings\.json/);
      expect(first).toMatch(/create\s+.*\.gemini\/commands\/handoff\.toml/);
      const settings = JSON.parse(readFileSync(settingsPath, "utf8"));
      expect(Object.keys(settings.hooks).sort()).toEqual([
        "AfterAgent",
        "BeforeAgent",
        "PreCompress",
        "SessionStart",
      ]);
      expect(settings.hooks.PreCompress[0].hooks[0].timeout).toBe(60_000);
      expect(settings.mcpServers.baton.args).toEqual([BATON_MAIN, "mcp"]);
      expect(baton(home, "install", "gemini-cli", "--scope", "project")).not.toMatch(
        /^(create|update)/m,
      );
      expect(baton(home, "doctor")).toMatch(/Gemini CLI[\s\S]*4 of 4 hooks, MCP server/);
      home.repo.write("check.sh", 'echo "FAIL test/pay.test.ts: expected 200, got 502"; exit 1\n');
      home.repo.write("big.log", `${"compiled module in 12 ms, cache hit\n".repeat(900)}`);
      home.repo.commit("a failing check and a build log");
    });

    let firstSession = "";
    it("a compression captures a handoff with the failing check and the pending todo; the next prompt carries it", async () => {
      server = await startModelServer({
        adapters: [geminiGenerateContent],
        script: [
          callTools(
            {
              name: "write_todos",
              input: {
                todos: [
                  { description: "Run the payment check", status: "completed" },
                  { description: "Fix the payment gateway timeout", status: "pending" },
                ],
              },
            },
            { name: "run_shell_command", input: { command: "sh check.sh" } },
          ),
          callTools({ name: "run_shell_command", input: { command: "cat big.log" } }),
          reply("The payment check fails; I read the build log."),
          // The resumed run: its history is past the threshold, so Gemini compresses first.
          reply("Compressed; going on."),
          // The run after: its first prompt carries the handoff.
          reply("I have the handoff."),
        ],
      });
      const run = await runGemini({
        home,
        baseUrl: server.url,
        prompt: "Find out why the payment check fails.",
        settings: { ...THRESHOLD, ...KEEP_SESSIONS },
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      firstSession = run.sessionId ?? "";
      // Below the threshold PreCompress fired at each step, and baton captured nothing.
      expect(handoffFiles(home)).toEqual([]);

      const resumed = await runGemini({
        home,
        baseUrl: server.url,
        prompt: "Go on.",
        resume: firstSession,
        settings: { ...THRESHOLD, ...KEEP_SESSIONS },
      });
      server.assertNoFailures();
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(server.requests.some((request) => request.side === "compact")).toBe(true);
      const [written, ...others] = handoffFiles(home);
      expect(others).toEqual([]);
      const handoff = parseDocument(readFileSync(written as string, "utf8"));
      expect(handoff.trigger).toBe("compact");
      expect(handoff.source.agent).toBe("gemini-cli");
      expect(handoff.source.sessionId).toBe(firstSession);
      expect(handoff.sections.validation).toEqual(
        expect.arrayContaining([expect.objectContaining({ command: "sh check.sh", exitCode: 1 })]),
      );
      expect(handoff.sections.todos).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ text: "Fix the payment gateway timeout", status: "pending" }),
        ]),
      );

      const after = await runGemini({
        home,
        baseUrl: server.url,
        prompt: "What next?",
        resume: firstSession,
        settings: { ...THRESHOLD, ...KEEP_SESSIONS },
      });
      server.assertNoFailures();
      expect(after.exitCode, after.stderr).toBe(0);
      const next = server.turnRequests().at(-1);
      expect(next?.text).toContain(
        "Handoff captured by baton when this session's history was compressed",
      );
      expect(next?.text).toContain("sh check.sh");
      expect(next?.text).toContain("Fix the payment gateway timeout");
      // The sections the capture could not fill are asked for, with baton enrich.
      expect(markedHeadings(readFileSync(written as string, "utf8"))).toContain("Key Decisions");
      expect(next?.text).toContain(`enrich ${handoff.id} --stdin`);
      expect(next?.text).toContain("## Key Decisions");
      expect(server.remaining()).toBe(0);
      expect(hookLog(home)).toBe("");
    });

    it("a new session on the branch starts with the open handoff; it is archived after its turn", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [geminiGenerateContent],
        script: [reply("I picked up the handoff.")],
      });
      const next = await runGemini({
        home,
        baseUrl: server.url,
        prompt: "Carry on.",
        settings: KEEP_SESSIONS,
      });
      server.assertNoFailures();
      expect(next.exitCode, next.stderr).toBe(0);
      const [first] = server.turnRequests();
      expect(first?.text).toContain("An open handoff from an earlier session");
      expect(first?.text).toContain(`session ${firstSession}`);
      expect(first?.text).toContain("sh check.sh");
      expect(first?.text).toContain("Carry on.");
      expect(handoffFiles(home)).toEqual([]);
      const [archived] = handoffFiles(home, true);
      const handoff = parseDocument(readFileSync(archived as string, "utf8"));
      expect(handoff.status).toBe("archived");
      expect(handoff.restoredAt).not.toBeNull();
      expect(handoff.claim?.session).toBe(next.sessionId);
      expect(handoff.claim?.agent).toBe("gemini-cli");
      expect(hookLog(home)).toBe("");
    });

    it("the trust gate: an unsigned handoff from someone else is not injected nor claimed, only a notice is", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [geminiGenerateContent],
        script: [reply("Nothing to pick up.")],
      });
      home.repo.write("docs/handoffs/2026-01-02-urgent-fix.md", foreignDocument("feat/pay"));
      const run = await runGemini({
        home,
        baseUrl: server.url,
        prompt: "Carry on.",
        settings: KEEP_SESSIONS,
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const [first] = server.turnRequests();
      expect(first?.text).toContain("baton: an unverified handoff is waiting");
      expect(first?.text).not.toContain(FOREIGN_MARK);
      const document = join(home.repo.dir, "docs/handoffs/2026-01-02-urgent-fix.md");
      expect(parseDocument(readFileSync(document, "utf8")).status).toBe("open");
    });

    it("the model reads the first session through baton's MCP server, and gets its answer", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [geminiGenerateContent],
        script: [
          callTools({
            name: "mcp_baton_read_session",
            input: { session_id: firstSession, agent: "gemini-cli", last: 20 },
          }),
          reply("Read it."),
        ],
      });
      const run = await runGemini({
        home,
        baseUrl: server.url,
        prompt: "What did the first session run?",
        settings: KEEP_SESSIONS,
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const [asked, answered] = server.turnRequests();
      const tools = JSON.stringify((asked?.body as { tools?: unknown } | undefined)?.tools);
      expect(tools).toContain("mcp_baton_read_session");
      expect(answered?.text).toContain(`Gemini CLI session ${firstSession}`);
      expect(answered?.text).toContain("Find out why the payment check fails.");
      expect(answered?.text).toContain("sh check.sh");
    });

    it("/handoff runs in Gemini: its prompt reaches the model, and the shell command it asks for writes the handoff", async () => {
      await server?.close();
      const toml = readFileSync(join(home.repo.dir, ".gemini/commands/handoff.toml"), "utf8");
      const line =
        /^(.*) create --trigger command --stdin --from gemini-cli --latest <<'BATON_HANDOFF'$/m;
      const baton = line.exec(toml)?.[1] ?? "";
      expect(baton).not.toBe("");
      const sections =
        "## Goal\n\nGOAL-5Q: make the payment check pass.\n\n## Next Steps\n\n1. Raise the gateway timeout in check.sh.\n";
      server = await startModelServer({
        adapters: [geminiGenerateContent],
        script: [
          callTools({
            name: "run_shell_command",
            input: {
              command: `${baton} create --trigger command --stdin --from gemini-cli --latest <<'BATON_HANDOFF'\n${sections}BATON_HANDOFF`,
            },
          }),
          reply("docs/handoffs/written.md"),
        ],
      });
      // In `gemini -p` a SessionStart context is put before the prompt, and 0.61.0 looks for
      // the slash after that: with a handoff (or notice) to give, "/handoff" is not a command.
      rmSync(join(home.repo.dir, "docs/handoffs/2026-01-02-urgent-fix.md"));
      const before = new Set(handoffFiles(home));
      const run = await runGemini({
        home,
        baseUrl: server.url,
        prompt: "/handoff the payment fix",
        settings: KEEP_SESSIONS,
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const [asked, answered] = server.turnRequests();
      expect(asked?.text).toContain("Write a handoff of this whole conversation");
      expect(asked?.text).toContain("Goal given by the user (may be empty): the payment fix");
      const written = handoffFiles(home).filter((path) => !before.has(path));
      expect(written).toHaveLength(1);
      const handoff = parseDocument(readFileSync(written[0] as string, "utf8"));
      expect(handoff.trigger).toBe("command");
      expect(handoff.sections.goal?.text).toContain("GOAL-5Q");
      expect(handoff.sections.nextSteps?.map((step) => step.text)).toContain(
        "Raise the gateway timeout in check.sh.",
      );
      expect(handoff.source.agent).toBe("gemini-cli");
      expect(answered?.text).toContain(written[0]?.split("/").at(-1));
    });

    it("uninstall takes out baton's hooks, server and commands, and nothing else", () => {
      const out = baton(home, "uninstall", "gemini-cli", "--scope", "project");
      expect(out).toMatch(/remove\s+.*commands\/handoff\.toml/);
      const settings = JSON.parse(readFileSync(settingsPath, "utf8"));
      expect(settings.hooks).toBeUndefined();
      expect(settings.mcpServers).toBeUndefined();
      expect(existsSync(join(home.repo.dir, ".gemini/commands/handoff.toml"))).toBe(false);
    });
  });
