import { readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { runOpenCode } from "../support/agents/run-opencode.ts";
import { openaiChat, SCRIPTED_TITLE } from "../support/model-server/openai-chat.ts";
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

interface SessionRow {
  id: string;
  title: string;
  directory: string;
}

function readSession(dbPath: string | undefined, sessionId: string | undefined) {
  expect(dbPath, "OpenCode wrote no database").toBeDefined();
  const db = new DatabaseSync(dbPath as string, { readOnly: true });
  try {
    const session = db
      .prepare("SELECT id, title, directory FROM session WHERE id = ?")
      .get(sessionId ?? "") as SessionRow | undefined;
    const tools = db
      .prepare(
        "SELECT json_extract(data, '$.tool') AS tool FROM part WHERE session_id = ? AND json_extract(data, '$.type') = 'tool' ORDER BY id",
      )
      .all(sessionId ?? "")
      .map((row) => (row as { tool: string }).tool);
    return { session, tools };
  } finally {
    db.close();
  }
}

// OpenCode needs about 4 s of CPU per run (a large Bun bundle, a fresh SQLite database, a
// snapshot of the worktree); on a loaded 2-core machine that can stretch to 20 s or more.
describe("OpenCode under the scripted model server", { timeout: 120_000 }, () => {
  it("runs a scripted write and bash for real and records the tool result", async () => {
    home = makeAgentHome();
    const file = `${home.repo.dir}/notes/smoke.txt`;
    server = await startModelServer({
      adapters: [openaiChat],
      script: [
        callToolsWithText("Writing the note.", {
          name: "write",
          input: { filePath: file, content: "baton smoke 7f3a\n" },
        }),
        callTools({
          name: "bash",
          input: {
            command: "cat notes/smoke.txt && echo shell-ran-$((6*7))",
            description: "Show the note",
          },
        }),
        reply("The file is written."),
      ],
    });

    const run = await runOpenCode({ home, baseUrl: server.url, prompt: "Write the smoke note." });

    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.lastText).toBe("The file is written.");
    expect(readFileSync(file, "utf8")).toBe("baton smoke 7f3a\n");
    expect(server.remaining()).toBe(0);
    expect(server.requests.filter((r) => r.side === "title")).toHaveLength(1);
    const last = server.turnRequests().at(-1);
    // Only a shell that really ran can print 42 here: the command text holds $((6*7)).
    expect(last?.text).toContain("baton smoke 7f3a\nshell-ran-42");
    expect(last?.sessionId).toBe(run.sessionId);
    const { session, tools } = readSession(run.dbPath, run.sessionId);
    expect(session).toMatchObject({ title: SCRIPTED_TITLE, directory: home.repo.dir });
    expect(tools).toEqual(["write", "bash"]);
  });

  it("ends with an error event carrying the server's message when the script runs out", async () => {
    home = makeAgentHome();
    server = await startModelServer({ adapters: [openaiChat], script: [] });

    const run = await runOpenCode({ home, baseUrl: server.url, prompt: "Say something." });

    expect(run.exitCode).not.toBe(0);
    expect(server.failures[0]).toMatch(/^model-server: script exhausted after 0 turns/);
    expect(JSON.stringify(run.errors)).toContain("model-server: script exhausted");
  });
});
