import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadReaders } from "../../src/adapters/registry.ts";
import type { ReaderContext } from "../../src/agents/agent-reader.ts";
import { findSession, listSessions } from "../../src/agents/find-sessions.ts";
import type { Session, ToolCall } from "../../src/core/session.ts";
import {
  FIXTURES_ROOT,
  type FixtureFacts,
  readFixtureFacts,
} from "../support/fixtures/fixture-facts.ts";

/**
 * Every reader against every real session the harness recorded: each planted fact of a
 * scenario must be visible in the Session the reader builds from the agent's own files.
 */
function fixtureDirs(): string[] {
  const dirs: string[] = [];
  for (const agent of readdirSync(FIXTURES_ROOT)) {
    for (const version of readdirSync(join(FIXTURES_ROOT, agent))) {
      for (const scenario of readdirSync(join(FIXTURES_ROOT, agent, version))) {
        const dir = join(FIXTURES_ROOT, agent, version, scenario);
        if (existsSync(join(dir, "facts.json"))) dirs.push(dir);
      }
    }
  }
  return dirs;
}

function contextFor(dir: string): ReaderContext {
  const home = join(dir, "home");
  // Each agent finds its store from HOME unless told otherwise; make sure nothing of the
  // machine running the tests can be found instead.
  return { env: {}, homedir: home };
}

const shellCalls = (session: Session): ToolCall[] =>
  session.messages
    .flatMap((message) => message.toolCalls)
    .filter((call) => call.category === "shell");

const assistantText = (session: Session) =>
  session.messages
    .filter((message) => message.role === "assistant")
    .map((message) => message.text)
    .join("\n");

function relativeFiles(session: Session, facts: FixtureFacts, kinds: string[]): string[] {
  return session.files
    .filter((file) => file.kinds.some((kind) => kinds.includes(kind)))
    .map((file) => (file.path.startsWith("/") ? relative(facts.cwd, file.path) : file.path));
}

const dirs = fixtureDirs();
const NO_BRANCH = new Set([
  "opencode",
  "kilo",
  "gemini-cli",
  "pi",
  "continue",
  "nanocoder",
  "cline",
]);
/** Nanocoder keeps no token counts in its session files. */
const NO_USAGE = new Set(["nanocoder"]);
const readers = await loadReaders();
const readerOf = (agent: string) => {
  const reader = readers.find((candidate) => candidate.agent === agent);
  if (reader === undefined) throw new Error(`no reader for ${agent}`);
  return reader;
};

describe.each(dirs.map((dir) => [relative(FIXTURES_ROOT, dir), dir]))(
  "reader on %s",
  (_name, dir) => {
    const facts = readFixtureFacts(dir);
    const reader = readerOf(facts.agent);
    const context = contextFor(dir);

    it("finds the session by id and by --latest in its folder, without reading it whole", async () => {
      const byId = await findSession(context, readers, { id: facts.sessionId.slice(0, 8) });
      expect(byId.info.id).toBe(facts.sessionId);
      expect(byId.info.cwd).toBe(facts.cwd);
      const latest = await findSession(context, readers, {
        latest: true,
        cwd: facts.cwd,
      });
      expect(latest.info.id).toBe(facts.sessionId);
      const { sessions } = await listSessions(context, readers, { cwd: facts.cwd });
      const listed = sessions.find((found) => found.info.id === facts.sessionId)?.info;
      expect(listed?.firstPrompt).toBe(facts.goal);
      expect(listed?.model).toBe(facts.model);
    });

    it("sees every planted fact", async () => {
      const { info } = await findSession(context, readers, { id: facts.sessionId });
      const session = await reader.readSession(info.location, context);

      expect(session.id).toBe(facts.sessionId);
      expect(session.cwd).toBe(facts.cwd);
      expect(session.model).toBe(facts.model);
      // OpenCode (and Kilo, on its store) may and Gemini CLI, Pi, Continue CLI, Nanocoder
      // and Cline CLI do not record the branch.
      if (session.branch !== null || !NO_BRANCH.has(facts.agent))
        expect(session.branch).toBe(facts.branch);
      expect(session.firstUserMessage?.text).toBe(facts.goal);
      expect(session.warnings).toEqual({});

      const commands = shellCalls(session).map((call) => ({
        command: call.command,
        exitCode: call.exitCode,
      }));
      for (const planted of facts.commands) expect(commands).toContainEqual(planted);
      const outputs = shellCalls(session).map((call) => call.output ?? "");
      expect(outputs.some((output) => output.includes(facts.failingError))).toBe(true);

      expect(relativeFiles(session, facts, ["created", "written"])).toEqual(
        expect.arrayContaining(facts.filesCreated),
      );
      expect(relativeFiles(session, facts, ["edited", "written"])).toEqual(
        expect.arrayContaining(facts.filesModified),
      );

      const text = assistantText(session);
      expect(text).toContain(facts.decision);
      expect(text).toContain(facts.failedApproach);

      if (facts.todoTool === "none") expect(session.todos).toBeNull();
      const todos = session.todos ?? [];
      for (const done of facts.todos.done)
        expect(todos).toContainEqual({ text: done, status: "completed" });
      for (const pending of facts.todos.pending) {
        expect(todos.find((todo) => todo.text === pending)?.status).toMatch(
          /^(pending|in_progress)$/,
        );
      }
      expect(session.compactions.length > 0).toBe(facts.compacted);
      for (const compaction of session.compactions) {
        // The summary itself, without the agent's preamble to the model that continues.
        expect(compaction.text.length).toBeGreaterThan(20);
        expect(compaction.text).not.toMatch(/^Another language model/);
      }
      for (const description of facts.subagents ?? []) {
        expect(session.subagents.map((subagent) => subagent.description)).toContain(description);
      }
      if (NO_USAGE.has(facts.agent)) expect(session.usage).toBeNull();
      else expect(session.usage?.output).toBeGreaterThan(0);
    });

    it("reads the last messages from the end, the open question among them", async () => {
      const { info } = await findSession(context, readers, { id: facts.sessionId });
      const tail = await reader.readTail(info.location, context, { last: 3 });
      expect(tail.messages.length).toBeLessThanOrEqual(3);
      const lastAssistant = tail.messages.filter((message) => message.role === "assistant").at(-1);
      expect(lastAssistant?.text).toContain(facts.openQuestion);
      // A scenario that ends by compacting ends on the user's `/compact`.
      const lastPrompt = facts.prompts.at(-1) ?? "";
      if (lastPrompt.startsWith("/")) expect(tail.messages.at(-1)?.text).toBe(lastPrompt);
      const whole = await reader.readSession(info.location, context);
      expect(tail.messages.map((m) => m.text)).toEqual(
        whole.messages.slice(-tail.messages.length).map((m) => m.text),
      );
    });
  },
);

it("has recorded fixtures to test against", () => {
  expect(dirs.length).toBeGreaterThanOrEqual(3);
});
