import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loadReader } from "../../src/adapters/registry.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { KILO_BIN, runKilo } from "../support/agents/run-kilo.ts";
import { openaiChat } from "../support/model-server/openai-chat.ts";
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

const SKIPPED =
  KILO_BIN === undefined
    ? " (skipped: Kilo CLI is not installed; npm install --prefix /tmp/agents-kilo @kilocode/cli, or set BATON_KILO_BIN)"
    : "";

// Kilo, like OpenCode, is a large Bun bundle; one run took 50 s on the loaded 2-core machine.
describe.skipIf(KILO_BIN === undefined)(
  `Kilo CLI under the scripted model server${SKIPPED}`,
  { timeout: 500_000 },
  () => {
    it("runs scripted tools for real, and baton reads the session it wrote, resumed", async () => {
      home = makeAgentHome();
      const dir = home.repo.dir;
      server = await startModelServer({
        adapters: [openaiChat],
        script: [
          callToolsWithText(
            "Planning.",
            {
              name: "todowrite",
              input: {
                todos: [
                  { content: "Write the note", status: "completed", priority: "medium" },
                  { content: "Ship it", status: "pending", priority: "medium" },
                ],
              },
            },
            {
              name: "write",
              input: { filePath: `${dir}/notes/smoke.txt`, content: "kilo 7f3a\n" },
            },
          ),
          callTools({
            name: "bash",
            input: {
              command: "cat notes/smoke.txt && echo shell-ran-$((6*7)) && exit 3",
              description: "Show the note",
            },
          }),
          reply("The note is written."),
          reply("Still here."),
        ],
      });

      const first = await runKilo({
        home,
        baseUrl: server.url,
        prompt: "Write the smoke note.",
        timeoutMs: 200_000,
      });
      server.assertNoFailures();
      expect(first.exitCode, first.stderr).toBe(0);
      expect(first.lastText).toBe("The note is written.");
      expect(readFileSync(`${dir}/notes/smoke.txt`, "utf8")).toBe("kilo 7f3a\n");
      expect(server.turnRequests().at(-1)?.text).toContain("shell-ran-42");
      const second = await runKilo({
        home,
        baseUrl: server.url,
        prompt: "Are you there?",
        session: first.sessionId as string,
        timeoutMs: 200_000,
      });
      expect(second.exitCode, second.stderr).toBe(0);
      expect(second.sessionId).toBe(first.sessionId);

      const reader = await loadReader("kilo");
      const context = { env: {}, homedir: home.home };
      const [listed] = await reader.listSessions(context, { cwd: dir });
      expect(listed).toMatchObject({
        agent: "kilo",
        id: first.sessionId,
        cwd: dir,
        firstPrompt: "Write the smoke note.",
      });
      const session = await reader.readSession(listed?.location as string, context);
      expect(session.agent).toBe("kilo");
      expect(session.messages.filter((m) => m.role === "user").map((m) => m.text)).toEqual([
        "Write the smoke note.",
        "Are you there?",
      ]);
      const shell = session.messages
        .flatMap((m) => m.toolCalls)
        .find((c) => c.category === "shell");
      expect(shell?.exitCode).toBe(3);
      expect(shell?.output).toContain("shell-ran-42");
      expect(session.todos).toEqual([
        { text: "Write the note", status: "completed" },
        { text: "Ship it", status: "pending" },
      ]);
      expect(session.files.map((file) => file.path)).toContain(`${dir}/notes/smoke.txt`);
      expect(session.warnings).toEqual({});
    });
  },
);
