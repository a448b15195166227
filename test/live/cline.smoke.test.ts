import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loadReader } from "../../src/adapters/registry.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { CLINE_BIN, runCline } from "../support/agents/run-cline.ts";
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
  CLINE_BIN === undefined
    ? " (skipped: Cline CLI is not installed; npm install --prefix /tmp/agents-cline cline, or set BATON_CLINE_BIN)"
    : "";

// One run took about 20 s on the loaded 2-core machine (a large native executable).
describe.skipIf(CLINE_BIN === undefined)(
  `Cline CLI under the scripted model server${SKIPPED}`,
  { timeout: 300_000 },
  () => {
    it("runs scripted tools for real, and baton reads the session it wrote", async () => {
      home = makeAgentHome();
      const dir = home.repo.dir;
      server = await startModelServer({
        adapters: [openaiChat],
        script: [
          callToolsWithText("Writing the note.", {
            name: "apply_patch",
            input: {
              input: `*** Begin Patch\n*** Add File: ${dir}/smoke.txt\n+baton 7f3a\n*** End Patch`,
            },
          }),
          callTools({
            name: "run_commands",
            input: { commands: ["cat smoke.txt && printf shell-ran- && expr 6 '*' 7 && exit 3"] },
          }),
          reply("The note is written."),
        ],
      });

      const run = await runCline({ home, baseUrl: server.url, prompt: "Write the note." });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr.slice(-2000)).toBe(0);
      // 3.0.65 writes an added file without a final newline.
      expect(readFileSync(`${dir}/smoke.txt`, "utf8")).toMatch(/^baton 7f3a\n?$/);
      expect(server.turnRequests().at(-1)?.text).toContain("shell-ran-42");
      expect(server.remaining()).toBe(0);

      const reader = await loadReader("cline");
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
      expect(session.files).toContainEqual(
        expect.objectContaining({ path: `${dir}/smoke.txt`, kinds: ["created"] }),
      );
      expect(session.messages.at(-1)?.text).toBe("The note is written.");
      expect(session.usage?.output).toBeGreaterThan(0);
      expect(session.warnings).toEqual({});
    }, 240_000);
  },
);
