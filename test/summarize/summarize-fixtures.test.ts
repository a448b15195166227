import { describe, expect, it } from "vitest";
import type { Sections } from "../../src/core/handoff.ts";
import { captureGit } from "../../src/git/capture-git.ts";
import { classifyCheck } from "../../src/summarize/extractive/classify-check.ts";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { listFixtureDirs, readFixtureSession } from "../eval/evaluate-fixture.ts";
import {
  FIXTURES_ROOT,
  type FixtureFacts,
  readFixtureFacts,
} from "../support/fixtures/fixture-facts.ts";

/** Every extractor on every recorded real session, against what the scenario planted. */
const NO_TIMES = new Set(["continue", "nanocoder"]);
const fixtures = listFixtureDirs().map((dir) => {
  const facts = readFixtureFacts(dir);
  return [dir.slice(FIXTURES_ROOT.length + 1), dir, facts] as const;
});

async function summarizeFixture(dir: string, facts: FixtureFacts): Promise<Sections> {
  const { session, cleanup } = await readFixtureSession(dir, facts);
  try {
    return summarizeSession(session, await captureGit(facts.cwd));
  } finally {
    cleanup();
  }
}

describe.each(fixtures)("extractive summary of %s", (_name, dir, facts) => {
  it("takes the goal from the first request (or the compaction summary)", async () => {
    const s = await summarizeFixture(dir, facts);
    // A session that moved on to another request leads with it; the first follows.
    const goal = s.goal?.text ?? "";
    if (facts.latestRequest === undefined) expect(goal.startsWith(facts.goal)).toBe(true);
    else expect(goal).toBe(`${facts.latestRequest} (Earlier: ${facts.goal} ${facts.prompts[1]})`);
    expect(s.goal?.provenance).toBe("claimed");
  });

  it("finds the decision with its reason, and the failed approach", async () => {
    const s = await summarizeFixture(dir, facts);
    const decision = facts.decision.replace(/^Decision:\s*/i, "");
    const [statement = "", reason = ""] = decision.split(/,?\s+because\s+/);
    expect(s.keyDecisions?.map((d) => [d.decision.toLowerCase(), d.reason])).toContainEqual([
      statement.toLowerCase(),
      reason.replace(/\.$/, ""),
    ]);
    const failed = (s.failedApproaches ?? []).map((f) => `${f.approach} ${f.reason ?? ""}`);
    const planted = facts.failedApproach.split(/\s+because\s+/)[1]?.replace(/\.$/, "") ?? "";
    expect(failed.some((text) => text.includes(planted))).toBe(true);
  });

  it("lists exactly the files the session created and changed, relative to the repository", async () => {
    const s = await summarizeFixture(dir, facts);
    const paths = (s.modifiedFiles ?? []).map((file) => file.path).sort();
    const committed = (facts.filesCommitted ?? []).map((file) => file.path);
    expect(paths).toEqual([...facts.filesCreated, ...facts.filesModified, ...committed].sort());
    for (const file of s.modifiedFiles ?? []) {
      // A committed file is read from the transcript alone here (no repository): the
      // scenarios commit files they created.
      const created = facts.filesCreated.includes(file.path) || committed.includes(file.path);
      expect(file.change).toBe(created ? "added" : "modified");
      expect(file.provenance).toBe("verified");
    }
  });

  // Pi has no todo tool: its scenarios plant none.
  it.skipIf(facts.todoTool === "none")(
    "copies the todo store with statuses, and puts the pending todos first in Next Steps",
    async () => {
      const s = await summarizeFixture(dir, facts);
      const todos = s.todos ?? [];
      expect(todos.filter((t) => t.status === "completed").map((t) => t.text)).toEqual(
        facts.todos.done,
      );
      expect(todos.filter((t) => t.status !== "completed").map((t) => t.text)).toEqual(
        facts.todos.pending,
      );
      expect(todos.every((t) => t.provenance === "verified")).toBe(true);
      expect(s.nextSteps?.slice(0, facts.todos.pending.length).map((f) => f.text)).toEqual(
        facts.todos.pending,
      );
    },
  );

  it("records the failing and the last run of the check, with the distinctive error line", async () => {
    const s = await summarizeFixture(dir, facts);
    const runs = s.validation ?? [];
    // The scenario's checks: test-like commands and what it ran again (a look at a file is not one).
    // And the last failing command, whatever it ran.
    const lastFailing = facts.commands.findLast((c) => c.exitCode !== 0);
    // Of each, the last run, and before it the last failed run when a later one passed.
    const checks = facts.commands.filter((c, i) => {
      const isCheck =
        classifyCheck(c.command) !== null ||
        facts.commands.filter((other) => other.command === c.command).length > 1 ||
        c === lastFailing;
      const later = facts.commands.slice(i + 1).filter((other) => other.command === c.command);
      return (
        isCheck &&
        (later.length === 0 || (c.exitCode !== 0 && later.every((o) => o.exitCode === 0)))
      );
    });
    expect(runs.map((v) => [v.command, v.exitCode])).toEqual(
      checks.map((c) => [c.command, c.exitCode]),
    );
    const failed = runs.find((v) => v.exitCode !== 0);
    expect(failed?.errorLine).toContain(facts.failingError);
    // The last run carries an error line exactly when it failed.
    expect(runs.at(-1)?.errorLine === null).toBe(runs.at(-1)?.exitCode === 0);
    if (facts.failingTest !== undefined) expect(failed?.errorLine).toContain(facts.failingTest);
    expect(runs.every((v) => v.provenance === "verified")).toBe(true);
    // Continue CLI and Nanocoder keep no time for a message or a tool call.
    expect(runs.every((v) => (v.at !== null) !== NO_TIMES.has(facts.agent))).toBe(true);
  });

  it("keeps the last unanswered question, and reports the last steps", async () => {
    const s = await summarizeFixture(dir, facts);
    expect(s.openQuestions?.map((q) => q.text)).toEqual([facts.openQuestion]);
    const state = (s.currentState ?? []).map((f) => f.text).join("\n");
    // The last command ran is among the last steps, with its exit code (a long one clipped).
    const last = facts.commands.at(-1);
    const ran =
      (last?.command ?? "").length > 60 ? (last?.command ?? "").slice(0, 40) : `${last?.command}\``;
    expect(state).toContain(`ran \`${ran}`);
    expect(state).toContain(`\` (exit ${last?.exitCode})`);
  });

  it.runIf((facts.subagents ?? []).length > 0)(
    "reports what the last subagent was asked and what it found",
    async () => {
      const s = await summarizeFixture(dir, facts);
      const line = s.currentState?.find((f) => f.text.startsWith("Subagent "));
      expect(line?.text).toContain(`"${facts.subagents?.at(-1)}" reported: `);
      expect(line?.provenance).toBe("claimed");
    },
  );

  it.runIf(facts.compacted)(
    "still finds the goal when only the compaction summary is left of the start",
    async () => {
      const { session, cleanup } = await readFixtureSession(dir, facts);
      cleanup();
      const summary = session.compactions[0]?.text ?? "";
      // As a transcript whose start is gone: only what came after the compaction is left.
      const continued = {
        ...session,
        firstUserMessage: null,
        messages: session.messages.filter((m) => (m.at ?? "") > (session.compactions[0]?.at ?? "")),
      };
      const goal = summarizeSession(continued, await captureGit(facts.cwd)).goal;
      expect(goal?.provenance).toBe("claimed");
      // The goal is one line, cut at a word: compare it with the summary's words. A request
      // made after the compaction follows it (or leads, once the session moved on).
      const flat = (text: string) => text.replace(/\s+/g, " ").trim();
      const text = goal?.text ?? "";
      const earlier = /^(.*) \(Earlier: (.*)\)$/s.exec(text);
      const [stated, latest] =
        earlier === null ? text.split(" Latest request: ") : [earlier[2], earlier[1]];
      expect(flat(summary)).toContain(flat(stated ?? "").replace(/…$/, ""));
      if (latest !== undefined) {
        const asked = continued.messages.filter((m) => m.role === "user").map((m) => flat(m.text));
        expect(asked.some((text) => text.includes(flat(latest).replace(/…$/, "")))).toBe(true);
      }
      expect(goal?.text).not.toMatch(/^<state_snapshot>/);
      expect(goal?.text.length).toBeGreaterThan(10);
    },
  );

  it("is deterministic", async () => {
    expect(await summarizeFixture(dir, facts)).toEqual(await summarizeFixture(dir, facts));
  });
});
