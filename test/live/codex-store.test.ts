import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { codexReader } from "../../src/agents/codex/codex-reader.ts";
import { listSessions } from "../../src/agents/find-sessions.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { runCodex } from "../support/agents/run-codex.ts";
import { openaiResponses } from "../support/model-server/openai-responses.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

/**
 * Codex's store as the real Codex (pinned, or BATON_CODEX_BIN) writes it since 0.16x:
 * threads in "paginated" history mode, projected into thread_history_1.sqlite and indexed
 * in state_5.sqlite; and, with the `local_thread_store_compression` feature (under
 * development, off by default in 0.169 and 0.171), rollouts untouched for 7 days
 * compressed to `.jsonl.zst` by a worker Codex starts at launch.
 */
let home: AgentHome | undefined;
let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  home?.cleanup();
  server = undefined;
  home = undefined;
});

const WEEK_AND_A_DAY = 8 * 24 * 3600 * 1000;

async function twoThreads(secondArgs: string[]) {
  home = makeAgentHome();
  server = await startModelServer({
    adapters: [openaiResponses],
    script: [
      callTools({ name: "exec_command", input: { cmd: "echo checking; exit 3" } }),
      reply("The check failed with exit 3."),
      reply("Second thread done."),
    ],
  });
  const first = await runCodex({ home, baseUrl: server.url, prompt: "Run the check." });
  expect(first.exitCode, first.stderr).toBe(0);
  const aged = new Date(Date.now() - WEEK_AND_A_DAY);
  utimesSync(first.transcriptPath as string, aged, aged);
  const second = await runCodex({
    home,
    baseUrl: server.url,
    prompt: "A new thread.",
    args: secondArgs,
  });
  expect(second.exitCode, second.stderr).toBe(0);
  const codexHome = join(home.home, ".codex");
  return { first, second, codexHome, context: { env: {}, homedir: home.home } };
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

function fingerprint(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.includes(".sqlite"))
    .sort()
    .map((name) => {
      const path = join(folder, name);
      return `${name} ${statSync(path).mtimeMs} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
    });
}

describe("Codex's moved store, written by the real Codex", () => {
  it("reads a rollout Codex compressed to .jsonl.zst (feature local_thread_store_compression, rollout older than 7 days)", async () => {
    const { first, codexHome, context } = await twoThreads([
      "--enable",
      "local_thread_store_compression",
    ]);
    const plain = first.transcriptPath as string;
    expect(await waitFor(() => existsSync(`${plain}.zst`) && !existsSync(plain))).toBe(true);

    const refs = await codexReader.locateSessions(context);
    const ref = refs.find((r) => r.id === first.sessionId);
    expect(ref?.location).toBe(`${plain}.zst`);
    const session = await codexReader.readSession(`${plain}.zst`, context);
    expect(session.firstUserMessage?.text).toBe("Run the check.");
    const check = session.messages
      .flatMap((m) => m.toolCalls)
      .find((c) => c.name === "exec_command");
    expect([check?.command, check?.exitCode, check?.unfinished]).toEqual([
      "echo checking; exit 3",
      3,
      false,
    ]);
    const tail = await codexReader.readTail(`${plain}.zst`, context, { last: 1 });
    expect(tail.messages.map((m) => m.text)).toEqual(["The check failed with exit 3."]);
    const { sessions } = await listSessions(context, [codexReader]);
    expect(sessions.map((s) => s.info.firstPrompt).sort()).toEqual([
      "A new thread.",
      "Run the check.",
    ]);
    // Listing and reading go through Codex's SQLite index without changing it.
    const before = fingerprint(codexHome);
    await listSessions(context, [codexReader]);
    expect(fingerprint(codexHome)).toEqual(before);
  }, 120_000);

  it("leaves a week-old rollout plain without the feature, and reads paginated threads the same as their SQLite projection", async () => {
    const { first, codexHome, context } = await twoThreads([]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const plain = first.transcriptPath as string;
    expect([existsSync(plain), existsSync(`${plain}.zst`)]).toEqual([true, false]);

    const meta = JSON.parse(readFileSync(plain, "utf8").split("\n")[0] as string) as {
      payload: { history_mode?: string };
    };
    expect(meta.payload.history_mode).toBe("paginated");
    const db = new DatabaseSync(join(codexHome, "thread_history_1.sqlite"), { readOnly: true });
    const items = db
      .prepare("SELECT item_json FROM thread_items WHERE thread_id = ? ORDER BY rollout_ordinal")
      .all(first.sessionId as string)
      .map(
        (row) =>
          JSON.parse(String((row as { item_json: string }).item_json)) as Record<string, unknown>,
      );
    db.close();
    const session = await codexReader.readSession(plain, context);
    const texts = items
      .filter((item) => item.type === "userMessage" || item.type === "agentMessage")
      .map((item) =>
        item.type === "agentMessage"
          ? item.text
          : (item.content as { text: string }[]).map((c) => c.text).join("\n"),
      );
    expect(session.messages.filter((m) => m.text !== "").map((m) => m.text)).toEqual(texts);
    const command = items.find((item) => item.type === "commandExecution");
    const call = session.messages
      .flatMap((m) => m.toolCalls)
      .find((c) => c.name === "exec_command");
    expect(call?.exitCode).toBe(command?.exitCode);
  }, 120_000);
});
