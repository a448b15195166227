import { describe, expect, it } from "vitest";
import { emptySections, type Handoff, type Sections } from "../../src/core/handoff.ts";
import { mergeWithParent } from "../../src/summarize/merge-with-parent.ts";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { bareHandoff } from "../core/prompt-fixtures.ts";
import { notARepo } from "./not-a-repo.ts";
import { assistant, buildSession, user } from "./session-builder.ts";

function parentWith(sections: Partial<Sections>): Handoff {
  return bareHandoff({
    id: "2026-05-01-auth",
    created: "2026-05-01T09:00:00.000Z",
    trigger: "compact",
    status: "restored",
    topic: "auth",
    branch: "auth",
    sections: { ...emptySections(), ...sections },
  });
}

const parent = parentWith({
  goal: { text: "Fix token refresh", provenance: "claimed" },
  keyDecisions: [{ decision: "Use a mutex", reason: "requests race", provenance: "claimed" }],
  failedApproaches: [{ approach: "Retry on 401", reason: "it loops", provenance: "claimed" }],
  todos: [
    { text: "Add the mutex", status: "completed", provenance: "verified" },
    { text: "Test concurrent requests", status: "pending", provenance: "verified" },
  ],
  openQuestions: [
    { text: "Should the refresh token rotate on every use?", provenance: "claimed" },
    { text: "Is the staging proxy still needed?", provenance: "claimed" },
  ],
  nextSteps: [{ text: "Add the mutex", provenance: "verified" }],
  validation: [
    {
      command: "npm test",
      exitCode: 1,
      at: null,
      head: null,
      dirty: null,
      errorLine: "boom",
      provenance: "verified",
    },
  ],
});

describe("mergeWithParent", () => {
  it("carries forward what still holds and answers what was answered", async () => {
    const session = buildSession({
      messages: [
        user("## Session Handoff\n\n**Goal:** Fix token refresh"),
        user("Yes, rotate the refresh token on every use."),
        assistant("Decision: rotate on every use, because the spec demands it. Rotating now."),
      ],
    });
    const own = summarizeSession(session, await notARepo());
    const merged = mergeWithParent(own, parent, { session });
    expect(merged.goal).toEqual({ text: "Fix token refresh", provenance: "claimed" });
    expect(merged.keyDecisions?.map((d) => d.decision)).toEqual([
      "Use a mutex",
      "Rotate on every use",
    ]);
    expect(merged.failedApproaches).toEqual(parent.sections.failedApproaches);
    // No todo list in this session: the parent's unfinished ones, no longer verified.
    expect(merged.todos).toEqual([
      { text: "Test concurrent requests", status: "pending", provenance: "claimed" },
    ]);
    expect(merged.openQuestions).toEqual([
      { text: "Is the staging proxy still needed?", provenance: "claimed" },
    ]);
    // The tree and its checks are described as they are now, never inherited.
    expect(merged.validation).toBeNull();
    expect(merged.nextSteps).toBe(own.nextSteps);
  });

  it("keeps the session's own todo store and goal over the parent's, without repeats", async () => {
    const session = buildSession({
      messages: [user("Ship the refresh fix."), assistant("Decision: use a mutex.")],
      todos: [{ text: "Tag the release", status: "pending" }],
    });
    const merged = mergeWithParent(summarizeSession(session, await notARepo()), parent, {
      session,
    });
    expect(merged.goal?.text).toBe("Ship the refresh fix.");
    expect(merged.todos?.map((t) => [t.text, t.provenance])).toEqual([
      ["Tag the release", "verified"],
    ]);
    expect(merged.keyDecisions?.map((d) => d.decision)).toEqual(["Use a mutex"]);
    expect(merged.keyDecisions?.[0]?.reason).toBeNull();
  });

  it("cuts the oldest carried items first when over the preset's cap", () => {
    const many = parentWith({
      keyDecisions: Array.from({ length: 6 }, (_, i) => ({
        decision: `Old ${i}`,
        reason: null,
        provenance: "claimed" as const,
      })),
    });
    const own: Sections = {
      ...emptySections(),
      keyDecisions: [{ decision: "New", reason: null, provenance: "claimed" }],
    };
    expect(
      mergeWithParent(own, many, { size: "minimal" }).keyDecisions?.map((d) => d.decision),
    ).toEqual(["Old 5", "New"]);
  });
});
