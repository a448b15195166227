import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { runCodex } from "../support/agents/run-codex.ts";
import { customToolCall, openaiResponses } from "../support/model-server/openai-responses.ts";
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

interface RolloutLine {
  type: string;
  payload: { type?: string; name?: string; id?: string; cwd?: string; output?: unknown };
}

function readRollout(path: string | undefined): RolloutLine[] {
  expect(path, "Codex wrote no rollout").toBeDefined();
  return readFileSync(path as string, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RolloutLine);
}

describe("Codex under the scripted model server", () => {
  it("runs a scripted apply_patch and shell command for real and records the tool result", async () => {
    home = makeAgentHome();
    server = await startModelServer({
      adapters: [openaiResponses],
      script: [
        callToolsWithText(
          "Writing the note.",
          customToolCall(
            "apply_patch",
            "*** Begin Patch\n*** Add File: notes/smoke.txt\n+baton smoke 7f3a\n*** End Patch\n",
          ),
        ),
        callTools({
          name: "exec_command",
          input: { cmd: "cat notes/smoke.txt && echo shell-ran-$((6*7))" },
        }),
        reply("The file is written."),
      ],
    });

    const run = await runCodex({ home, baseUrl: server.url, prompt: "Write the smoke note." });

    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.lastMessage).toBe("The file is written.");
    expect(readFileSync(`${home.repo.dir}/notes/smoke.txt`, "utf8")).toBe("baton smoke 7f3a\n");
    expect(server.remaining()).toBe(0);
    const last = server.turnRequests().at(-1);
    // Only a shell that really ran can print 42 here: the command text holds $((6*7)).
    expect(last?.text).toContain("baton smoke 7f3a\nshell-ran-42");
    expect(last?.sessionId).toBe(run.sessionId);
    const rollout = readRollout(run.transcriptPath);
    expect(rollout[0]).toMatchObject({
      type: "session_meta",
      payload: { id: run.sessionId, cwd: home.repo.dir },
    });
    const calls = rollout
      .filter((l) => l.type === "response_item" && l.payload.type?.endsWith("call"))
      .map((l) => [l.payload.type, l.payload.name]);
    expect(calls).toEqual([
      ["custom_tool_call", "apply_patch"],
      ["function_call", "exec_command"],
    ]);
  });

  it("fails fast with the server's message when the script runs out", async () => {
    home = makeAgentHome();
    server = await startModelServer({ adapters: [openaiResponses], script: [] });

    const run = await runCodex({ home, baseUrl: server.url, prompt: "Say something." });

    expect(run.exitCode).not.toBe(0);
    expect(server.failures[0]).toMatch(/^model-server: script exhausted after 0 turns/);
    expect(run.stdout + run.stderr).toContain("model-server: script exhausted");
  });

  it("compacts on its own past model_auto_compact_token_limit, the server writing the summary", async () => {
    home = makeAgentHome();
    // About 5 000 tokens by the server's count, on top of about 7 000 for the instructions.
    home.repo.write("big.log", `${"compiled module in 12 ms\n".repeat(800)}`);
    home.repo.commit("Add a build log");
    server = await startModelServer({
      adapters: [openaiResponses],
      script: [
        callTools({ name: "exec_command", input: { cmd: "cat big.log" } }),
        reply("Read it."),
      ],
      sideReplies: { compact: "SUMMARY-7c1e: the log was read." },
    });

    const run = await runCodex({
      home,
      baseUrl: server.url,
      prompt: "Read the build log.",
      args: ["-c", "model_auto_compact_token_limit=10000"],
    });

    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(server.requests.map((r) => r.side)).toEqual([false, "compact", false]);
    expect(server.requests[1]?.text).toContain("CONTEXT CHECKPOINT COMPACTION");
    expect(server.requests[2]?.text).toContain("SUMMARY-7c1e: the log was read.");
    const compacted = readRollout(run.transcriptPath).filter((l) => l.type === "compacted");
    expect(compacted).toHaveLength(1);
  });

  it("leaves config.toml to the test: its settings apply under the harness's profile", async () => {
    home = makeAgentHome();
    mkdirSync(join(home.home, ".codex"), { recursive: true });
    writeFileSync(
      join(home.home, ".codex", "config.toml"),
      'developer_instructions = "BATON-CONFIG-9d2: from the user config."\n',
    );
    server = await startModelServer({ adapters: [openaiResponses], script: [reply("Noted.")] });

    const run = await runCodex({ home, baseUrl: server.url, prompt: "Hello." });

    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(server.turnRequests()[0]?.text).toContain("BATON-CONFIG-9d2: from the user config.");
  });

  it("resumes the session with exec resume and sends the earlier turns again", async () => {
    home = makeAgentHome();
    server = await startModelServer({
      adapters: [openaiResponses],
      script: [reply("First answer 31."), reply("Second answer.")],
    });

    const first = await runCodex({ home, baseUrl: server.url, prompt: "First question." });
    const second = await runCodex({
      home,
      baseUrl: server.url,
      prompt: "Second question.",
      resume: first.sessionId,
    });

    server.assertNoFailures();
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.transcriptPath).toBe(first.transcriptPath);
    const resumed = server.turnRequests()[1]?.text ?? "";
    expect(resumed).toContain("First answer 31.");
    expect(resumed).toContain("Second question.");
  });
});
