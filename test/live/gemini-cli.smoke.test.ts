import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loadReader } from "../../src/adapters/registry.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { GEMINI_BIN, runGemini } from "../support/agents/run-gemini.ts";
import { geminiGenerateContent } from "../support/model-server/gemini-generate-content.ts";
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

describe.skipIf(GEMINI_BIN === undefined)("Gemini CLI under the scripted model server", () => {
  it("runs scripted tools for real, and baton reads the session it wrote, resumed", async () => {
    home = makeAgentHome();
    const dir = home.repo.dir;
    server = await startModelServer({
      adapters: [geminiGenerateContent],
      script: [
        callToolsWithText(
          "Planning.",
          {
            name: "write_todos",
            input: {
              todos: [
                { description: "Write the note", status: "completed" },
                { description: "Ship it", status: "pending" },
              ],
            },
          },
          {
            name: "write_file",
            input: { file_path: `${dir}/notes/smoke.txt`, content: "baton 7f3a\n" },
          },
        ),
        callTools({
          name: "run_shell_command",
          input: { command: "cat notes/smoke.txt && printf shell-ran- && expr 6 '*' 7 && exit 3" },
        }),
        reply("The note is written."),
        reply("Still here."),
      ],
    });

    const first = await runGemini({ home, baseUrl: server.url, prompt: "Write the smoke note." });
    server.assertNoFailures();
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.output?.response).toBe("The note is written.");
    expect(readFileSync(`${dir}/notes/smoke.txt`, "utf8")).toBe("baton 7f3a\n");
    // Only a shell that really ran can print 42: the command holds 6 * 7.
    expect(server.turnRequests().at(-1)?.text).toContain("shell-ran-42");
    expect(server.requests[0]?.path).toBe("/v1beta/models/gemini-2.5-pro:streamGenerateContent");
    const second = await runGemini({
      home,
      baseUrl: server.url,
      prompt: "Are you there?",
      resume: first.sessionId as string,
    });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.sessionId).toBe(first.sessionId);
    expect(server.remaining()).toBe(0);

    const reader = await loadReader("gemini-cli");
    const context = { env: {}, homedir: home.home };
    const [listed] = await reader.listSessions(context, { cwd: dir });
    expect(listed).toMatchObject({
      id: first.sessionId,
      cwd: dir,
      firstPrompt: "Write the smoke note.",
    });
    const session = await reader.readSession(listed?.location as string, context);
    expect(session.messages.filter((m) => m.role === "user").map((m) => m.text)).toEqual([
      "Write the smoke note.",
      "Are you there?",
    ]);
    const shell = session.messages.flatMap((m) => m.toolCalls).find((c) => c.category === "shell");
    expect(shell?.exitCode).toBe(3);
    expect(shell?.output).toContain("shell-ran-42");
    expect(session.todos).toEqual([
      { text: "Write the note", status: "completed" },
      { text: "Ship it", status: "pending" },
    ]);
    expect(session.files.map((file) => file.path)).toContain(`${dir}/notes/smoke.txt`);
    expect(session.warnings).toEqual({});
  }, 180_000);
});
