import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadReaders } from "../../src/adapters/registry.ts";
import type { ReaderContext } from "../../src/agents/agent-reader.ts";
import { findSession } from "../../src/agents/find-sessions.ts";
import { piReader } from "../../src/agents/pi/pi-reader.ts";
import { runInProcess } from "../cli/run-baton.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import {
  hasPi,
  PI_CLI,
  PI_MODEL,
  PI_PROVIDER,
  piAgentDir,
  runPi,
} from "../support/agents/run-pi.ts";
import { anthropicMessages } from "../support/model-server/anthropic-messages.ts";
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

const contextOf = (h: AgentHome): ReaderContext => ({ env: {}, homedir: h.home });

describe.skipIf(!hasPi())(
  `Pi under the scripted model server (${PI_CLI})`,
  { timeout: 120_000 },
  () => {
    it("runs tools, continues and compacts the session, and baton reads all of it", async () => {
      home = makeAgentHome();
      // Pi keeps the last 20 000 tokens verbatim by default: nothing to compact in a short session.
      mkdirSync(piAgentDir(home), { recursive: true });
      writeFileSync(
        join(piAgentDir(home), "settings.json"),
        JSON.stringify({ compaction: { keepRecentTokens: 50 } }),
      );
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({
            name: "bash",
            input: { command: "echo SMOKE-p1 $PI_SESSION_ID && exit $((2+2))" },
          }),
          callTools({ name: "write", input: { path: "notes/pi.txt", content: "pi smoke\n" } }),
          reply("Probed; exit 4 as planned."),
          reply("Second answer 9c."),
        ],
        sideReplies: { compact: "SUMMARY-pi-77: the shell was probed and a note written." },
      });
      const sessionId = "5a1e0c3b-0000-4000-8000-00000000b17a";

      const first = await runPi({
        home,
        baseUrl: server.url,
        prompt: "Probe the shell.",
        sessionId,
      });
      const second = await runPi({
        home,
        baseUrl: server.url,
        prompt: "Second question.",
        session: sessionId,
      });
      const compact = await runPi({
        home,
        baseUrl: server.url,
        prompt: "",
        compact: true,
        session: sessionId,
      });

      server.assertNoFailures();
      for (const run of [first, second, compact]) expect(run.exitCode, run.stderr).toBe(0);
      expect(server.remaining()).toBe(0);
      expect(readFileSync(join(home.repo.dir, "notes/pi.txt"), "utf8")).toBe("pi smoke\n");
      expect(server.requests.map((r) => r.side)).toEqual([false, false, false, false, "compact"]);
      // Only a shell that ran can report the computed exit code.
      expect(server.turnRequests()[1]?.text).toContain("Command exited with code 4");

      const { info, reader } = await findSession(contextOf(home), await loadReaders(), {
        id: sessionId.slice(0, 8),
      });
      expect(reader).toBe(piReader);
      expect(info.location).toBe(first.transcriptPath);
      const session = await piReader.readSession(info.location, contextOf(home));
      expect(session).toMatchObject({
        agent: "pi",
        id: sessionId,
        cwd: home.repo.dir,
        model: PI_MODEL,
        provider: PI_PROVIDER,
        todos: null,
        warnings: {},
      });
      expect(session.messages.filter((m) => m.role === "user").map((m) => m.text)).toEqual([
        "Probe the shell.",
        "Second question.",
      ]);
      const shell = session.messages.flatMap((m) => m.toolCalls).find((c) => c.name === "bash");
      expect(shell).toMatchObject({ exitCode: 4, isError: true, command: expect.any(String) });
      // The variable the adapter names as Pi's session id, seen from inside a tool.
      expect(shell?.output).toContain(`SMOKE-p1 ${sessionId}`);
      expect(session.files).toContainEqual(
        expect.objectContaining({ path: "notes/pi.txt", kinds: ["created"] }),
      );
      expect(session.compactions.map((c) => c.text)).toEqual([
        expect.stringContaining("SUMMARY-pi-77"),
      ]);
      expect(session.usage?.output).toBeGreaterThan(0);

      const env = { HOME: home.home, CLAUDE_CONFIG_DIR: join(home.home, ".claude") };
      const read = await runInProcess(["read", sessionId.slice(0, 8), "--last", "2"], {
        cwd: "/",
        env,
      });
      expect(read.code, read.stderr).toBe(0);
      expect(read.stdout).toContain("Second question.");
      expect(read.stdout).toContain("Second answer 9c.");
    });
  },
);
