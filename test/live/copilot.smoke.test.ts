import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadReaders } from "../../src/adapters/registry.ts";
import type { ReaderContext } from "../../src/agents/agent-reader.ts";
import { copilotReader } from "../../src/agents/copilot/copilot-reader.ts";
import { findSession } from "../../src/agents/find-sessions.ts";
import { runInProcess } from "../cli/run-baton.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import {
  COPILOT_BIN,
  COPILOT_MODEL,
  hasCopilot,
  runCopilot,
} from "../support/agents/run-copilot.ts";
import { anthropicMessages } from "../support/model-server/anthropic-messages.ts";
import { callTools, callToolsWithText, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

let home: AgentHome | undefined;
let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  home?.cleanup();
  server = undefined;
  home = undefined;
});

const contextOf = (h: AgentHome): ReaderContext => ({ env: {}, homedir: h.home });

/** A repository hook that appends every payload it gets to a log, one JSON line each. */
function logHooks(h: AgentHome, events: string[]): string {
  const log = join(h.home, "hooks.jsonl");
  const dir = join(h.repo.dir, ".github", "hooks");
  mkdirSync(dir, { recursive: true });
  const hooks = Object.fromEntries(
    events.map((event) => [
      event,
      [
        {
          type: "command",
          bash: `(printf '{"event":"${event}","input":'; cat; echo '}') >> ${log}`,
          timeoutSec: 10,
        },
      ],
    ]),
  );
  writeFileSync(join(dir, "log.json"), JSON.stringify({ version: 1, hooks }));
  h.repo.commit("Add hook logging");
  return log;
}

const readHookLog = (path: string) =>
  existsSync(path)
    ? readFileSync(path, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event: string; input: Record<string, unknown> })
    : [];

describe.skipIf(!hasCopilot())(
  `GitHub Copilot CLI under the scripted model server (${COPILOT_BIN})`,
  { timeout: 120_000 },
  () => {
    it("runs tools for real, and baton reads the command, exit code, file and todo it left", async () => {
      home = makeAgentHome({ branch: "feat/smoke" });
      const log = logHooks(home, ["sessionStart", "agentStop", "sessionEnd"]);
      const dir = home.repo.dir;
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callToolsWithText("Tracking it.", {
            name: "sql",
            input: {
              description: "Insert todos",
              query:
                "INSERT INTO todos (id, title, status) VALUES ('probe', 'Probing the shell', 'done'), ('ship', 'Shipping the note', 'pending');",
            },
          }),
          callTools({
            name: "bash",
            input: { command: "echo SMOKE-c0p1 && exit $((1+2))", description: "Probe" },
          }),
          callTools({
            name: "create",
            input: { path: join(dir, "notes.txt"), file_text: "smoke\n" },
          }),
          reply("Probed; exit 3 as planned. Ship it?"),
        ],
      });

      const run = await runCopilot({ home, baseUrl: server.url, prompt: "Probe the shell." });

      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      expect(server.remaining()).toBe(0);
      expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("smoke\n");
      // Only a shell that ran can have answered with the computed exit code.
      expect(server.turnRequests().at(-2)?.text).toContain("completed with exit code 3");

      const { info, reader } = await findSession(contextOf(home), await loadReaders(), {
        id: run.sessionId as string,
      });
      expect(reader).toBe(copilotReader);
      const session = await copilotReader.readSession(info.location, contextOf(home));
      expect(session).toMatchObject({
        agent: "copilot",
        id: run.sessionId,
        cwd: dir,
        branch: "feat/smoke",
        model: COPILOT_MODEL,
        warnings: {},
      });
      expect(session.firstUserMessage?.text).toBe("Probe the shell.");
      const shell = session.messages
        .flatMap((m) => m.toolCalls)
        .find((c) => c.category === "shell");
      expect(shell).toMatchObject({ exitCode: 3, isError: true });
      expect(shell?.output).toContain("SMOKE-c0p1");
      expect(session.files).toContainEqual(
        expect.objectContaining({ path: join(dir, "notes.txt"), kinds: ["created"] }),
      );
      expect(session.todos).toEqual([
        { text: "Probing the shell", status: "completed" },
        { text: "Shipping the note", status: "pending" },
      ]);
      const tail = await copilotReader.readTail(info.location, contextOf(home), { last: 1 });
      expect(tail.messages[0]?.text).toBe("Probed; exit 3 as planned. Ship it?");

      // The hooks the integration will hang on: agentStop names the file the reader reads.
      const hooks = readHookLog(log);
      expect(hooks.map((h) => h.event)).toEqual(["sessionStart", "agentStop", "sessionEnd"]);
      expect(hooks[0]?.input).toMatchObject({ sessionId: run.sessionId, cwd: dir, source: "new" });
      expect(hooks[1]?.input.transcriptPath).toBe(info.location);
    });

    it("resumes the session under COPILOT_HOME, and baton lists and reads it from the command line", async () => {
      home = makeAgentHome();
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [reply("First answer 5e."), reply("Second answer 7f.")],
      });

      // COPILOT_HOME moves the whole store (session-state/ included), for Copilot and baton.
      const COPILOT_HOME = join(home.home, "elsewhere");
      const first = await runCopilot({
        home,
        baseUrl: server.url,
        prompt: "First question.",
        env: { COPILOT_HOME },
      });
      const second = await runCopilot({
        home,
        baseUrl: server.url,
        prompt: "Second question.",
        resume: first.sessionId,
        env: { COPILOT_HOME },
      });

      server.assertNoFailures();
      expect(second.exitCode, second.stderr).toBe(0);
      expect(second.sessionId).toBe(first.sessionId);
      expect(server.turnRequests()[1]?.text).toContain("First answer 5e.");
      expect(second.transcriptPath?.startsWith(join(COPILOT_HOME, "session-state"))).toBe(true);
      const env = { HOME: home.home, CLAUDE_CONFIG_DIR: join(home.home, ".claude"), COPILOT_HOME };
      const listed = await runInProcess(["sessions", "--all", "--json"], { cwd: "/", env });
      expect(JSON.parse(listed.stdout).sessions).toContainEqual(
        expect.objectContaining({ agent: "copilot", id: first.sessionId, cwd: home.repo.dir }),
      );
      const read = await runInProcess(["read", String(first.sessionId).slice(0, 8)], {
        cwd: "/",
        env,
      });
      expect(read.code, read.stderr).toBe(0);
      const order = [
        "First question.",
        "First answer 5e.",
        "Second question.",
        "Second answer 7f.",
      ];
      const at = order.map((text) => read.stdout.indexOf(text));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    });
  },
);
