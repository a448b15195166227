import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { runClaudeCode } from "../support/agents/run-claude-code.ts";
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

interface TranscriptRecord {
  type: string;
  subtype?: string;
  isCompactSummary?: boolean;
  message?: { content?: unknown };
}

function readTranscript(path: string | undefined): TranscriptRecord[] {
  expect(path, "Claude Code wrote no transcript").toBeDefined();
  return readFileSync(path as string, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TranscriptRecord);
}

function toolUses(records: TranscriptRecord[]): Array<{ name: string; input: unknown }> {
  return records.flatMap((r) =>
    r.type === "assistant" && Array.isArray(r.message?.content)
      ? (r.message.content as Array<{ type: string; name: string; input: unknown }>).filter(
          (b) => b.type === "tool_use",
        )
      : [],
  );
}

/** Project hooks that record their stdin under $HOME and, for SessionStart, add context. */
function writeRecordingHooks(target: AgentHome, context: string): void {
  const output = JSON.stringify({
    hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: context },
  });
  target.repo.write(
    ".claude/settings.json",
    JSON.stringify({
      hooks: {
        SessionStart: [
          {
            hooks: [
              {
                type: "command",
                command: `{ cat; echo; } >> "$HOME/hook-start.jsonl"; printf '%s' '${output}'`,
              },
            ],
          },
        ],
        PreCompact: [
          {
            hooks: [
              { type: "command", command: `{ cat; echo; } >> "$HOME/hook-precompact.jsonl"` },
            ],
          },
        ],
      },
    }),
  );
}

/** The stdin of every run of a hook, in order, as recorded by `writeRecordingHooks`. */
function hookInputs(
  target: AgentHome,
  event: "start" | "precompact",
): Array<Record<string, unknown>> {
  const path = join(target.home, `hook-${event}.jsonl`);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

describe("Claude Code under the scripted model server", { timeout: 120_000 }, () => {
  it("runs a scripted Write and Bash for real and records the tool result", async () => {
    home = makeAgentHome();
    server = await startModelServer({
      script: [
        callTools({
          name: "Write",
          input: {
            file_path: join(home.repo.dir, "notes/smoke.txt"),
            content: "baton smoke 7f3a\n",
          },
        }),
        callTools({
          name: "Bash",
          input: { command: "cat notes/smoke.txt && echo bash-ran-$((6*7))", description: "show" },
        }),
        reply("The file is written."),
      ],
    });

    const run = await runClaudeCode({ home, baseUrl: server.url, prompt: "Write the smoke note." });

    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.result?.result).toBe("The file is written.");
    expect(readFileSync(join(home.repo.dir, "notes/smoke.txt"), "utf8")).toBe("baton smoke 7f3a\n");
    const records = readTranscript(run.transcriptPath);
    expect(toolUses(records).map((t) => t.name)).toEqual(["Write", "Bash"]);
    expect(server.remaining()).toBe(0);
    const last = server.turnRequests().at(-1);
    // Only a shell that really ran can print 42 here: the command text holds $((6*7)).
    expect(last?.text).toContain("baton smoke 7f3a\nbash-ran-42");
    expect(last?.sessionId).toBe(run.sessionId);
  });

  it("fails fast with the server's message when the script runs out", async () => {
    home = makeAgentHome();
    server = await startModelServer({ script: [] });

    const run = await runClaudeCode({ home, baseUrl: server.url, prompt: "Say something." });

    expect(run.exitCode).not.toBe(0);
    expect(server.failures[0]).toMatch(/^model-server: script exhausted after 0 turns/);
    expect(run.stdout + run.stderr).toContain("model-server: script exhausted");
  });

  it("puts a project SessionStart hook's additionalContext into the first model request", async () => {
    home = makeAgentHome();
    writeRecordingHooks(home, "Handoff: BATON-CONTEXT-5521 is the goal.");
    server = await startModelServer({ script: [reply("Noted.")] });

    const run = await runClaudeCode({ home, baseUrl: server.url, prompt: "Continue the work." });

    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(server.turnRequests()[0]?.text).toContain("Handoff: BATON-CONTEXT-5521 is the goal.");
    expect(hookInputs(home, "start")).toEqual([
      expect.objectContaining({
        hook_event_name: "SessionStart",
        source: "startup",
        session_id: run.sessionId,
        transcript_path: run.transcriptPath,
        cwd: home.repo.dir,
      }),
    ]);
  });

  it("compacts with /compact after two turns, running PreCompact and SessionStart(compact)", async () => {
    home = makeAgentHome();
    writeRecordingHooks(home, "BATON-AFTER-COMPACT");
    server = await startModelServer({
      script: [
        reply("First answer."),
        callTools({ name: "Bash", input: { command: "echo second-turn" } }),
        reply("Second answer."),
      ],
    });
    const base = { home, baseUrl: server.url };

    const first = await runClaudeCode({ ...base, prompt: "First question." });
    const second = await runClaudeCode({ ...base, prompt: "Second question.", continue: true });
    const compact = await runClaudeCode({ ...base, prompt: "/compact", continue: true });

    server.assertNoFailures();
    for (const run of [first, second, compact]) expect(run.exitCode, run.stderr).toBe(0);
    expect(new Set([first.sessionId, second.sessionId, compact.sessionId]).size).toBe(1);
    expect(server.requests.filter((r) => r.side === "compact")).toHaveLength(1);
    expect(hookInputs(home, "precompact")).toEqual([
      expect.objectContaining({
        hook_event_name: "PreCompact",
        trigger: "manual",
        session_id: first.sessionId,
        transcript_path: first.transcriptPath,
      }),
    ]);
    expect(hookInputs(home, "start").map((input) => input.source)).toEqual([
      "startup",
      "resume",
      "resume",
      "compact",
    ]);
    const records = readTranscript(compact.transcriptPath);
    expect(records.some((r) => r.type === "system" && r.subtype === "compact_boundary")).toBe(true);
    expect(records.some((r) => r.isCompactSummary === true)).toBe(true);
  });
});
