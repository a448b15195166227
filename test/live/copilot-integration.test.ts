import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { markedHeadings } from "../../src/core/enrich-markers.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { COPILOT_BIN, hasCopilot, runCopilot } from "../support/agents/run-copilot.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import { anthropicMessages } from "../support/model-server/anthropic-messages.ts";
import { callTools, callToolsWithText, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";
import { FOREIGN_MARK, foreignDocument } from "../support/trust-gate-setup.ts";

/**
 * The Copilot CLI integration in the real copilot binary (pinned, or BATON_COPILOT_BIN):
 * installed with `baton install copilot` into the repository's .github/, driven offline
 * by the scripted model server in `copilot -p` runs, as a user's scripts would run it.
 */

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
    .map((name) => join(dir, name))
    .sort();
}

const readHandoff = (path: string) => parseDocument(readFileSync(path, "utf8"));

/** The one live (not superseded) handoff of the folder. */
function liveHandoffs(home: AgentHome) {
  return handoffFiles(home)
    .map((path) => ({ path, handoff: readHandoff(path) }))
    .filter(({ handoff }) => handoff.status === "open" || handoff.status === "claimed");
}

function hookLog(home: AgentHome): string {
  const path = join(home.home, ".local/state/baton/hooks.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

describe
  .skipIf(!hasCopilot())
  .sequential(`baton in the real GitHub Copilot CLI (${COPILOT_BIN})`, { timeout: 240_000 }, () => {
    const home = makeAgentHome({ branch: "feat/median" });
    const github = join(home.repo.dir, ".github");
    let server: ModelServer | undefined;
    afterAll(async () => {
      await server?.close();
      home.cleanup();
    });

    it("installs its hooks, skills and MCP server into .github/, and installing again changes nothing", () => {
      const first = baton(home, "install", "copilot");
      expect(first).toMatch(/create\s+\.github\/hooks\/baton\.json/);
      expect(first).toMatch(/create\s+\.github\/skills\/handoff\/SKILL\.md/);
      const hooks = JSON.parse(readFileSync(join(github, "hooks/baton.json"), "utf8"));
      expect(hooks.version).toBe(1);
      expect(Object.keys(hooks.hooks).sort()).toEqual([
        "agentStop",
        "preCompact",
        "sessionEnd",
        "sessionStart",
        "userPromptSubmitted",
      ]);
      const mcp = JSON.parse(readFileSync(join(github, "mcp.json"), "utf8"));
      expect(mcp.mcpServers.baton.args).toEqual([BATON_MAIN, "mcp"]);
      expect(baton(home, "install", "copilot")).not.toMatch(/^(create|update)/m);
      home.repo.write(
        "check.sh",
        'echo "FAIL test/median.test.js: median([1,2,3,4]) expected 2.5, got 2"; exit 1\n',
      );
      home.repo.commit("a failing check");
    });

    let first = "";
    it("a session that ends with a failing check and a pending todo leaves a handoff holding both", async () => {
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callToolsWithText("Tracking the work.", {
            name: "sql",
            input: {
              description: "Insert todos",
              query:
                "INSERT INTO todos (id, title, status) VALUES ('run', 'Run the median check', 'done'), ('fix', 'Fix median of even-length lists', 'pending');",
            },
          }),
          callTools({ name: "bash", input: { command: "sh check.sh", description: "Check" } }),
          reply("The median check fails for even-length lists."),
        ],
      });
      const run = await runCopilot({
        home,
        baseUrl: server.url,
        prompt: "Find out why the median check fails.",
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      first = run.sessionId ?? "";
      // The MCP server install registered in .github/mcp.json is offered to the model.
      const body = server.turnRequests()[0]?.body as { tools?: { name: string }[] } | undefined;
      const tools = body?.tools ?? [];
      expect(tools.map((tool) => tool.name)).toContain("baton-read_session");
      const live = liveHandoffs(home);
      expect(live).toHaveLength(1);
      const { handoff } = live[0] as (typeof live)[number];
      expect(handoff.source.agent).toBe("copilot");
      expect(handoff.source.sessionId).toBe(first);
      expect(handoff.sections.validation).toEqual(
        expect.arrayContaining([expect.objectContaining({ command: "sh check.sh", exitCode: 1 })]),
      );
      expect(handoff.sections.todos).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ text: "Fix median of even-length lists", status: "pending" }),
        ]),
      );
      expect(hookLog(home)).toBe("");
    });

    it("a /compact captures before it; the session's next prompt carries that handoff", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [reply("Compacted."), reply("Carrying on with the even-length case.")],
        sideReplies: { compact: "SUMMARY-c0: the median check fails." },
      });
      const compact = await runCopilot({
        home,
        baseUrl: server.url,
        prompt: "/compact",
        resume: first,
        timeoutMs: 200_000,
      });
      expect(compact.exitCode, compact.stderr).toBe(0);
      const compacted = liveHandoffs(home);
      expect(compacted.map(({ handoff }) => handoff.trigger)).toEqual(["compact"]);
      const before = server.turnRequests().length;
      const next = await runCopilot({
        home,
        baseUrl: server.url,
        prompt: "Go on.",
        resume: first,
      });
      server.assertNoFailures();
      expect(next.exitCode, next.stderr).toBe(0);
      const [after] = server.turnRequests().slice(before);
      expect(after?.text).toContain(
        "Handoff captured by baton just before this session's compaction",
      );
      expect(after?.text).toContain("sh check.sh");
      expect(after?.text).toContain("Fix median of even-length lists");
      // The sections the capture could not fill are asked for, with baton enrich.
      const [own] = compacted;
      const marked = markedHeadings(readFileSync(own?.path ?? "", "utf8"));
      expect(marked).toContain("Key Decisions");
      expect(after?.text).toContain(`enrich ${own?.handoff.id} --stdin`);
      expect(after?.text).toContain("## Key Decisions");
      expect(hookLog(home)).toBe("");
    });

    it("a new session on the branch starts with the open handoff; it is archived after its turn", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [reply("I picked up the handoff.")],
      });
      const [open] = liveHandoffs(home);
      expect(open?.handoff.source.sessionId).toBe(first);
      const next = await runCopilot({ home, baseUrl: server.url, prompt: "Carry on." });
      server.assertNoFailures();
      expect(next.exitCode, next.stderr).toBe(0);
      const [request] = server.turnRequests();
      expect(request?.text).toContain("An open handoff from an earlier session");
      expect(request?.text).toContain(`session ${first}`);
      expect(request?.text).toContain("sh check.sh");
      expect(request?.text).toContain("Fix median of even-length lists");
      const archived = handoffFiles(home, true).map(readHandoff);
      const taken = archived.find((handoff) => handoff.id === open?.handoff.id);
      expect(taken?.status).toBe("archived");
      expect(taken?.claim).toMatchObject({ session: next.sessionId, agent: "copilot" });
      // The new session's own end left the next handoff, continuing the one it took: what
      // that held is not lost because this short session's events do not repeat it.
      const live = liveHandoffs(home);
      expect(live.map(({ handoff }) => handoff.source.sessionId)).toEqual([next.sessionId]);
      const continued = live[0]?.handoff;
      expect(continued?.parent).toBe(open?.handoff.id);
      expect(continued?.sections.todos).toEqual([
        expect.objectContaining({ text: "Fix median of even-length lists", status: "pending" }),
      ]);
      expect(hookLog(home)).toBe("");
    });

    it("the trust gate: an unsigned handoff from someone else is not injected nor claimed, only a notice is", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [reply("Nothing to pick up.")],
      });
      execFileSync("git", ["switch", "-q", "-c", "feat/other"], {
        cwd: home.repo.dir,
        env: home.env(),
      });
      home.repo.write("docs/handoffs/2026-01-02-urgent-fix.md", foreignDocument("feat/other"));
      const run = await runCopilot({ home, baseUrl: server.url, prompt: "Carry on." });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const [request] = server.turnRequests();
      expect(request?.text).toContain("baton: an unverified handoff is waiting");
      expect(request?.text).not.toContain(FOREIGN_MARK);
      expect(
        readHandoff(join(home.repo.dir, "docs/handoffs/2026-01-02-urgent-fix.md")).status,
      ).toBe("open");
    });

    it("read_session through baton's MCP server, and baton save copilot, work from inside Copilot", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({
            name: "baton-read_session",
            input: { session_id: first.slice(0, 8), agent: "copilot", last: 10 },
          }),
          callTools({
            name: "bash",
            input: {
              command: `${process.execPath} ${BATON_MAIN} save copilot`,
              description: "Save",
            },
          }),
          reply("Read it."),
        ],
      });
      const run = await runCopilot({
        home,
        baseUrl: server.url,
        prompt: "What did the first session find?",
        // baton runs from this checkout, outside the repository: Copilot asks for a path
        // outside its folder unless it is added (in a terminal, the user approves it).
        args: ["--add-dir", resolve(import.meta.dirname, "../..")],
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const [, afterTool] = server.turnRequests();
      // The tool's answer as the model got it: the first session's own words.
      expect(afterTool?.text).toContain("The median check fails for even-length lists.");
      expect(afterTool?.text).toContain("Find out why the median check fails.");
      // Seed 001's session-state file, at the path the Copilot adapter names, found the
      // session it ran in through COPILOT_AGENT_SESSION_ID.
      const state = JSON.parse(
        readFileSync(join(github, "copilot-session-state.json"), "utf8"),
      ) as { version: string; agent: string };
      expect(state).toMatchObject({ version: "2.0", agent: "copilot" });
      expect(server.turnRequests().at(-1)?.text).toContain(".github/copilot-session-state.json");
    });

    it("uninstall takes out baton's hook file, skills and server, and nothing else", () => {
      const out = baton(home, "uninstall", "copilot");
      expect(out).toMatch(/remove\s+\.github\/hooks\/baton\.json/);
      expect(existsSync(join(github, "hooks/baton.json"))).toBe(false);
      expect(existsSync(join(github, "skills/handoff"))).toBe(false);
      expect(JSON.parse(readFileSync(join(github, "mcp.json"), "utf8"))).toEqual({
        mcpServers: {},
      });
      expect(existsSync(join(home.repo.dir, "check.sh"))).toBe(true);
    });
  });

describe.skipIf(!hasCopilot())(
  "baton installed for the user (~/.copilot) in the real Copilot CLI",
  { timeout: 120_000 },
  () => {
    let home: AgentHome | undefined;
    let server: ModelServer | undefined;
    afterAll(async () => {
      await server?.close();
      home?.cleanup();
    });

    it("runs its hooks from $COPILOT_HOME/hooks, and offers its MCP server and skills from there", async () => {
      home = makeAgentHome({ branch: "feat/user" });
      const COPILOT_HOME = join(home.home, "copilot-home");
      const installed = execFileSync(
        process.execPath,
        [BATON_MAIN, "install", "copilot", "--scope", "user"],
        {
          cwd: home.repo.dir,
          env: home.env({ COPILOT_HOME }),
          encoding: "utf8",
        },
      );
      expect(installed).toMatch(/create\s+.*copilot-home\/hooks\/baton\.json/);
      expect(existsSync(join(home.repo.dir, ".github"))).toBe(false);
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [reply("Looked.")],
      });
      const run = await runCopilot({
        home,
        baseUrl: server.url,
        prompt: "Look around.",
        env: { COPILOT_HOME },
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const body = server.turnRequests()[0]?.body as { tools?: { name: string }[] } | undefined;
      expect((body?.tools ?? []).map((tool) => tool.name)).toContain("baton-list_handoffs");
      // The skills are offered by name and description.
      expect(JSON.stringify(body)).toContain("Write a baton handoff of this session");
      // The user's sessionEnd hook captured the session.
      const [written] = liveHandoffs(home);
      expect(written?.handoff.source).toMatchObject({ agent: "copilot", sessionId: run.sessionId });
      expect(hookLog(home)).toBe("");
    });
  },
);
