import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loadReader } from "../../src/adapters/registry.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { CONTINUE_BIN, runContinue } from "../support/agents/run-continue.ts";
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
  CONTINUE_BIN === undefined
    ? " (skipped: Continue CLI is not installed; npm install --prefix /tmp/agents-continue @continuedev/cli, or set BATON_CONTINUE_BIN)"
    : "";

describe.skipIf(CONTINUE_BIN === undefined)(
  `Continue CLI under the scripted model server${SKIPPED}`,
  () => {
    it("runs scripted tools for real, and baton reads the session it wrote, resumed", async () => {
      home = makeAgentHome();
      const dir = home.repo.dir;
      server = await startModelServer({
        adapters: [openaiChat],
        script: [
          callToolsWithText(
            "Planning.",
            { name: "Checklist", input: { checklist: "- [x] Write the note\n- [ ] Ship it" } },
            { name: "Write", input: { filepath: "smoke.txt", content: "baton 7f3a\n" } },
          ),
          callTools({
            name: "Bash",
            input: { command: "cat smoke.txt && printf shell-ran- && expr 6 '*' 7 >&2 && exit 3" },
          }),
          reply("The note is written."),
          reply("Still here."),
        ],
      });

      const first = await runContinue({ home, baseUrl: server.url, prompt: "Write the note." });
      server.assertNoFailures();
      expect(first.exitCode, first.stderr).toBe(0);
      expect(first.stdout).toContain("The note is written.");
      expect(readFileSync(`${dir}/smoke.txt`, "utf8")).toBe("baton 7f3a\n");
      expect(server.turnRequests().at(-1)?.text).toContain("exit code 3");
      const second = await runContinue({
        home,
        baseUrl: server.url,
        prompt: "Are you there?",
        resume: true,
      });
      expect(second.exitCode, second.stderr).toBe(0);
      expect(second.sessionId).toBe(first.sessionId);
      expect(server.remaining()).toBe(0);

      const reader = await loadReader("continue");
      const context = { env: {}, homedir: home.home };
      const [listed] = await reader.listSessions(context, { cwd: dir });
      expect(listed).toMatchObject({
        id: first.sessionId,
        cwd: dir,
        firstPrompt: "Write the note.",
        model: "gpt-4o",
      });
      const session = await reader.readSession(listed?.location as string, context);
      expect(session.messages.filter((m) => m.role === "user").map((m) => m.text)).toEqual([
        "Write the note.",
        "Are you there?",
      ]);
      const shell = session.messages
        .flatMap((m) => m.toolCalls)
        .find((c) => c.category === "shell");
      expect(shell?.exitCode).toBe(3);
      expect(shell?.output).toContain("42");
      expect(session.todos).toEqual([
        { text: "Write the note", status: "completed" },
        { text: "Ship it", status: "pending" },
      ]);
      expect(session.files).toContainEqual(
        expect.objectContaining({ path: "smoke.txt", kinds: ["created"] }),
      );
      expect(session.usage?.output).toBeGreaterThan(0);
      expect(session.warnings).toEqual({});
      const tail = await reader.readTail(listed?.location as string, context, { last: 2 });
      expect(tail.messages.map((m) => m.text)).toEqual(["Are you there?", "Still here."]);
    }, 180_000);
  },
);
