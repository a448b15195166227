import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyUserText } from "../../src/agents/classify-user-text.ts";
import { claudeCodeReader } from "../../src/agents/claude-code/claude-code-reader.ts";
import { codexReader } from "../../src/agents/codex/codex-reader.ts";
import { listSessions } from "../../src/agents/find-sessions.ts";
import { describeToolCall } from "../../src/core/render-messages.ts";
import type { ToolCall } from "../../src/core/session.ts";
import {
  REAL_SESSIONS_PRESENT,
  REAL_SESSIONS_SKIP_MESSAGE,
  realContext,
  realPath,
} from "../support/real-sessions/real-sessions.ts";

/**
 * The readers on sessions that other people's Claude Code (2.0.64–2.1.39) and Codex (0.125,
 * 0.128) wrote: ../shared/real-sessions, read in place.
 */
const CODEX_DAY = ".codex/sessions/2026/05/11";
const UNIFIED_EXEC = `${CODEX_DAY}/rollout-2026-05-11T11-26-55-019e1625-789d-76c0-80ab-3724b5ddb799.jsonl`;
const EVENT_PROMPTS = `${CODEX_DAY}/rollout-2026-05-11T13-28-45-019e1695-0522-7c83-8b39-0dd379793f80.jsonl`;
const OLD_SIDECHAIN_SESSION = "4c2ddfdc-b619-4525-8d03-1950fb1b0257";

if (!REAL_SESSIONS_PRESENT) {
  describe("readers on real sessions", () => {
    it.skip(REAL_SESSIONS_SKIP_MESSAGE, () => {});
  });
}

function records(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function allCalls(session: { messages: { toolCalls: ToolCall[] }[] }): ToolCall[] {
  return session.messages.flatMap((message) => message.toolCalls);
}

describe.skipIf(!REAL_SESSIONS_PRESENT)("readers on real sessions", () => {
  it("lists a Claude Code ≤ 2.0 session once, not its agent-*.jsonl sidechains (claude-codemie -tmp-private)", async () => {
    const context = realContext("claude-codemie");
    const { sessions } = await listSessions(context, [claudeCodeReader]);
    const ids = sessions.map((found) => found.info.id);
    expect(new Set(ids).size).toBe(ids.length);
    const mine = sessions.filter((found) => found.info.id === OLD_SIDECHAIN_SESSION);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.info.location.endsWith(`${OLD_SIDECHAIN_SESSION}.jsonl`)).toBe(true);
    expect(mine[0]?.info.firstPrompt).not.toBe("Warmup");
    // The sidechains are the session's subagents instead.
    const session = await claudeCodeReader.readSession(
      realPath("claude-codemie", `.claude/projects/-tmp-private/${OLD_SIDECHAIN_SESSION}.jsonl`),
      context,
    );
    expect(session.subagents.map((agent) => agent.id).sort()).toEqual(["36541525", "50243ee8"]);
  });

  it("never lists /clear, slash commands or injected context as a first prompt (claude-codemie, claude-spotter)", async () => {
    for (const folder of ["claude-codemie", "claude-spotter"]) {
      const { sessions } = await listSessions(realContext(folder), [claudeCodeReader]);
      expect(sessions.length).toBeGreaterThan(0);
      for (const { info } of sessions) {
        if (info.firstPrompt === null) continue;
        expect([info.id, classifyUserText(info.firstPrompt)]).toEqual([info.id, "request"]);
      }
    }
  });

  it("reads Codex prompts that exist only as event_msg user_message, once each (codex-codemie 019e1695, 019e1625)", async () => {
    const context = realContext("codex-codemie");
    for (const file of [EVENT_PROMPTS, UNIFIED_EXEC]) {
      const path = realPath("codex-codemie", file);
      const prompts = records(path)
        .filter((r) => r.type === "event_msg")
        .map((r) => r.payload as Record<string, unknown>)
        .filter((p) => p.type === "user_message")
        .map((p) => String(p.message));
      const session = await codexReader.readSession(path, context);
      const users = session.messages.filter((m) => m.role === "user");
      expect(users).toHaveLength(prompts.length);
      for (const [i, user] of users.entries())
        expect(prompts[i]?.trim().endsWith(user.text)).toBe(true);
      // Codex Desktop's "# Files mentioned by the user" preamble is not the request.
      expect(classifyUserText(session.firstUserMessage?.text ?? "")).toBe("request");
      expect(session.firstUserMessage?.text).not.toContain("# Files mentioned");
    }
    const { sessions } = await listSessions(context, [codexReader]);
    for (const { info } of sessions) expect(info.firstPrompt).not.toBeNull();
  });

  it("gives each unified-exec command the exit code of its exec_command_end event and shows write_stdin readably (codex-codemie 019e1625)", async () => {
    const path = realPath("codex-codemie", UNIFIED_EXEC);
    const ended = new Map<string, number>();
    for (const r of records(path)) {
      const p = r.payload as Record<string, unknown>;
      if (r.type === "event_msg" && p.type === "exec_command_end")
        ended.set(String(p.call_id), Number(p.exit_code));
    }
    const session = await codexReader.readSession(path, realContext("codex-codemie"));
    const calls = allCalls(session);
    const execs = calls.filter((call) => call.name === "exec_command");
    expect(execs.length).toBeGreaterThan(30);
    for (const call of execs) {
      expect(call.unfinished).toBe(false);
      if (ended.has(call.id as string))
        expect([call.id, call.exitCode]).toEqual([call.id, ended.get(call.id as string)]);
      else expect(call.exitCode).not.toBeNull();
    }
    // The TDD run: `npm test` failed (exit 1), then passed.
    const tests = execs.filter((call) => /\bnpm test\b/.test(call.command ?? ""));
    expect(tests.map((call) => call.exitCode)).toEqual(
      tests.map((call) => ended.get(call.id as string)),
    );
    expect(tests.some((call) => call.exitCode === 1) && tests.at(-1)?.exitCode === 0).toBe(true);
    const stdin = calls.filter((call) => call.name === "write_stdin");
    expect(stdin.length).toBeGreaterThan(10);
    for (const call of stdin) {
      const line = describeToolCall(call);
      expect(line).not.toContain('{"session_id"');
      expect(line).toMatch(/^write_stdin: (waited for|sent .+ to) /);
      expect(call.category).not.toBe("shell");
    }
  });

  it("shows a Claude Code background shell as unfinished until TaskOutput reports its exit (claude-spotter)", async () => {
    const path = realPath(
      "claude-spotter",
      ".claude/projects/-home-marco-projects-spotter/d6e0bada-1959-4eec-a9d2-0bfade768d8f.jsonl",
    );
    const session = await claudeCodeReader.readSession(path, realContext("claude-spotter"));
    const background = allCalls(session).filter(
      (call) =>
        call.category === "shell" &&
        (call.input as Record<string, unknown>).run_in_background === true,
    );
    expect(background.length).toBeGreaterThan(0);
    for (const call of background) {
      expect(call.unfinished).toBe(true);
      expect(call.exitCode).toBeNull();
      expect(describeToolCall(call)).toContain("(unfinished)");
    }
    // Background shells whose end TaskOutput reported carry its exit code.
    const { sessions } = await listSessions(realContext("claude-spotter"), [claudeCodeReader]);
    let finished = 0;
    for (const { info } of sessions) {
      const read = await claudeCodeReader.readSession(info.location, realContext("claude-spotter"));
      for (const call of allCalls(read)) {
        const started = /^Command running in background/.test(call.output ?? "");
        if (call.category === "shell" && started && call.unfinished === false) {
          expect(call.exitCode).not.toBeNull();
          finished++;
        }
      }
    }
    expect(finished).toBeGreaterThan(0);
  });
});
