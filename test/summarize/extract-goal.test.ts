import { describe, expect, it } from "vitest";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { notARepo } from "./not-a-repo.ts";
import { assistant, buildSession, user } from "./session-builder.ts";

describe("the goal", () => {
  it("is the first request, with later redirections and additions in order", async () => {
    const session = buildSession({
      messages: [
        user("Add a CSV export to the reports page."),
        assistant("Working on it."),
        user("Continue."),
        user("Actually, make it JSON instead of CSV."),
        user("Also add a download button."),
      ],
    });
    const { goal } = summarizeSession(session, await notARepo());
    expect(goal).toEqual({
      text: "Add a CSV export to the reports page. Changed: Actually, make it JSON instead of CSV. Also add a download button.",
      provenance: "claimed",
    });
  });

  it.each([
    "No, keep the old API.",
    "Let's switch to pnpm.",
    "Change of plan: ship the fix first.",
    "Scratch that, revert to the old parser.",
    "Use the cache instead.",
  ])("treats %j as a redirection", async (text) => {
    const session = buildSession({ messages: [user("Refactor the parser."), user(text)] });
    expect(summarizeSession(session, await notARepo()).goal?.text).toBe(
      `Refactor the parser. Changed: ${text}`,
    );
  });

  it("unwraps the quotes `opencode run` puts around a message given as arguments", async () => {
    const session = buildSession({
      messages: [user('"Fix `npm test`."'), user('"Actually, use vitest instead."')],
    });
    expect(summarizeSession(session, await notARepo()).goal?.text).toBe(
      "Fix `npm test`. Changed: Actually, use vitest instead.",
    );
  });

  it("skips slash commands, injected blocks and interruptions", async () => {
    const session = buildSession({
      messages: [
        user("/model opus"),
        user("<environment_context>cwd=/x</environment_context>"),
        user("[Request interrupted by user]"),
        user("Speed up the build."),
      ],
      firstUserMessage: null,
    });
    expect(summarizeSession(session, await notARepo()).goal?.text).toBe("Speed up the build.");
  });

  it("comes from the compaction summary when the first request is no longer in the transcript", async () => {
    const session = buildSession({
      messages: [user("/compact"), assistant("Continuing.")],
      firstUserMessage: null,
      compactions: [
        {
          text: "Summary:\n1. Primary Request and Intent: migrate the auth module to JWT.\n2. Key Technical Concepts: tokens.",
          at: null,
          trigger: "auto",
        },
      ],
    });
    expect(summarizeSession(session, await notARepo()).goal?.text).toBe(
      "migrate the auth module to JWT.",
    );
  });

  it("reads Claude Code's continuation message that opens a transcript after a compaction", async () => {
    const continuation =
      "This session is being continued from a previous conversation that ran out of context.\n\nSummary:\n1. Primary Request and Intent: add retries to the fetcher.\n2. Work done: none.";
    const session = buildSession({ messages: [user(continuation), user("Continue.")] });
    expect(summarizeSession(session, await notARepo()).goal?.text).toBe(
      "add retries to the fetcher.",
    );
  });

  it("takes the Goal section of a markdown compaction summary (OpenCode)", async () => {
    const session = buildSession({
      messages: [],
      firstUserMessage: null,
      compactions: [
        {
          text: "## Goal\nMigrate the CLI to ESM.\n\n## Accomplished\n- build",
          at: null,
          trigger: null,
        },
      ],
    });
    expect(summarizeSession(session, await notARepo()).goal?.text).toBe("Migrate the CLI to ESM.");
  });

  it("takes a free-prose compaction summary's first paragraph", async () => {
    const session = buildSession({
      messages: [],
      firstUserMessage: null,
      compactions: [
        { text: "We are porting the CLI to Rust.\n\nDone so far: …", at: null, trigger: null },
      ],
    });
    expect(summarizeSession(session, await notARepo()).goal?.text).toBe(
      "We are porting the CLI to Rust.",
    );
  });

  it("takes the goal line of a baton continuation prompt the session started from", async () => {
    const prompt = "## Session Handoff\n\n**Goal:** Fix token refresh\n\n**Next:** 1. Add a mutex";
    const session = buildSession({ messages: [user(prompt), user("Go on.")] });
    expect(summarizeSession(session, await notARepo()).goal?.text).toBe("Fix token refresh");
  });

  it("is null when nobody asked for anything", async () => {
    const session = buildSession({ messages: [user("/clear")], firstUserMessage: null });
    expect(summarizeSession(session, await notARepo()).goal).toBeNull();
  });

  it("keeps a long first request within the preset's length", async () => {
    const long = `Implement ${"the feature carefully ".repeat(200)}`;
    const session = buildSession({ messages: [user(long)] });
    const git = await notARepo();
    expect(
      summarizeSession(session, git, { size: "minimal" }).goal?.text.length,
    ).toBeLessThanOrEqual(240);
    expect(summarizeSession(session, git).goal?.text.endsWith("…")).toBe(true);
  });
});

describe("next steps from a compaction", () => {
  const summary =
    "Summary:\n1. Primary Request and Intent: ship the parser.\n6. Pending Tasks:\n   - Port the lexer\n   - Add fuzz tests\n7. Current Work: the lexer.";

  it("take the summary's pending tasks when nothing else names a step", async () => {
    const session = buildSession({
      messages: [user("Ship the parser."), assistant("Working.")],
      compactions: [{ text: summary, at: "2026-05-01T11:00:00.000Z", trigger: "auto" }],
    });
    expect(summarizeSession(session, await notARepo()).nextSteps).toEqual([
      { text: "Port the lexer", provenance: "claimed" },
      { text: "Add fuzz tests", provenance: "claimed" },
    ]);
  });

  it("ignore a summary the person has spoken after", async () => {
    const session = buildSession({
      messages: [user("Ship the parser."), user("Now write the docs.")],
      compactions: [{ text: summary, at: "2026-05-01T09:00:00.000Z", trigger: "auto" }],
    });
    expect(summarizeSession(session, await notARepo()).nextSteps).toBeNull();
  });
});
