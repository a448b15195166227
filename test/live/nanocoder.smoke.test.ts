import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loadReader } from "../../src/adapters/registry.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { NANOCODER_BIN, runNanocoder } from "../support/agents/run-nanocoder.ts";
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
  NANOCODER_BIN === undefined
    ? " (skipped: Nanocoder is not installed; npm install --prefix /tmp/agents-nanocoder @nanocollective/nanocoder, or set BATON_NANOCODER_BIN)"
    : "";

describe.skipIf(NANOCODER_BIN === undefined)(
  `Nanocoder under the scripted model server${SKIPPED}`,
  () => {
    it("runs scripted tools for real, and baton reads the session it wrote", async () => {
      home = makeAgentHome();
      const dir = home.repo.dir;
      server = await startModelServer({
        adapters: [openaiChat],
        script: [
          callToolsWithText("Planning.", {
            name: "write_tasks",
            input: {
              tasks: [
                { title: "Write the note", status: "completed" },
                { title: "Ship it", status: "pending" },
              ],
            },
          }),
          callTools({ name: "write_file", input: { path: "smoke.txt", content: "baton 7f3a\n" } }),
          callTools({
            name: "execute_bash",
            input: { command: "cat smoke.txt && printf shell-ran- && expr 6 '*' 7 && exit 3" },
          }),
          reply("The note is written."),
        ],
      });

      const run = await runNanocoder({ home, baseUrl: server.url, prompt: "Write the note." });
      server.assertNoFailures();
      expect(run.exitCode, run.stdout.slice(-2000)).toBe(0);
      expect(readFileSync(`${dir}/smoke.txt`, "utf8")).toBe("baton 7f3a\n");
      expect(server.turnRequests().at(-1)?.text).toContain("shell-ran-42");
      expect(server.remaining()).toBe(0);

      const reader = await loadReader("nanocoder");
      const context = { env: {}, homedir: home.home };
      const [listed] = await reader.listSessions(context, { cwd: dir });
      expect(listed).toMatchObject({
        id: run.sessionId,
        cwd: dir,
        firstPrompt: "Write the note.",
        model: "gpt-4o",
      });
      const session = await reader.readSession(listed?.location as string, context);
      const shell = session.messages
        .flatMap((m) => m.toolCalls)
        .find((c) => c.category === "shell");
      expect(shell?.exitCode).toBe(3);
      expect(shell?.output).toContain("shell-ran-42");
      expect(session.todos).toEqual([
        { text: "Write the note", status: "completed" },
        { text: "Ship it", status: "pending" },
      ]);
      expect(session.files.map((file) => file.path)).toContain("smoke.txt");
      expect(session.messages.at(-1)?.text).toBe("The note is written.");
      expect(session.warnings).toEqual({});
    }, 180_000);
  },
);
