import { describe, expect, it } from "vitest";
import { renderPrompt } from "../../src/core/render-prompt.ts";
import { captureGit } from "../../src/git/capture-git.ts";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { gitTestEnv, makeTempRepo } from "../support/temp-repo.ts";
import { notARepo } from "./not-a-repo.ts";
import { renderHandoff } from "./render-handoff.ts";
import { assistant, buildSession, shell, user, write } from "./session-builder.ts";

/**
 * Issue 12: what the session was doing when it stopped reaches the handoff, even when it is
 * not what the extractor used to look for.
 */
describe("the handoff of what a session was doing when it stopped", () => {
  it("keeps a failing command that is not a test, with its exit code and error line, in the document and the prompt", async () => {
    const check = `python3 -c "import json; json.load(open('config/limits.json'))"`;
    const session = buildSession({
      messages: [
        user("Make the limits file valid JSON."),
        assistant(
          "Checking the file.",
          shell(
            check,
            1,
            "json.decoder.JSONDecodeError: Expecting ',' delimiter: line 4 column 3 (char 61)",
          ),
        ),
        assistant("The check fails: line 4 is missing a comma."),
      ],
    });
    const git = await notARepo();
    const sections = summarizeSession(session, git);
    expect(sections.validation).toEqual([
      expect.objectContaining({
        command: check,
        exitCode: 1,
        errorLine: expect.stringContaining("Expecting ',' delimiter: line 4 column 3"),
        provenance: "verified",
      }),
    ]);
    const { handoff } = renderHandoff(session, git, sections);
    const prompt = renderPrompt(handoff).text;
    expect(prompt).toContain(`\`${check}\` exit 1`);
    expect(prompt).toContain("Expecting ',' delimiter");
  });

  it("leaves out a failed command that a later run of it fixed only as the failure before the pass, and a blank one", async () => {
    const session = buildSession({
      messages: [
        user("Fix the config."),
        assistant("", shell("./scripts/check-config", 2, "config: missing key port"), shell("", 1)),
        assistant("", shell("./scripts/check-config", 0, "ok")),
      ],
    });
    const validation = summarizeSession(session, await notARepo()).validation ?? [];
    expect(validation.map((v) => [v.command, v.exitCode])).toEqual([
      ["./scripts/check-config", 2],
      ["./scripts/check-config", 0],
    ]);
  });

  it("takes the request after a greeting or a look at the tools as the goal", async () => {
    for (const opener of ["hi", "Hello!", "show tools", "what can you do?"]) {
      const session = buildSession({
        messages: [
          user(opener),
          assistant("Hello! What should we work on?"),
          user("Add rate limiting to the login endpoint."),
        ],
      });
      expect(summarizeSession(session, await notARepo()).goal?.text).toBe(
        "Add rate limiting to the login endpoint.",
      );
    }
  });

  it("leads with the latest request of a long session, the first after it, and not an answer or a nudge", async () => {
    const filler = Array.from({ length: 40 }, (_, i) => [
      user(`Step ${i}: keep going with the retry work.`),
      assistant(`Done with step ${i}.`),
    ]).flat();
    const latest =
      "the retry budget test still fails after your edit; make withRetryBudget stop after 3 attempts and re-run only tests/retry-budget.test.ts";
    const session = buildSession({
      messages: [
        user("Add a retry budget to the HTTP client."),
        ...filler,
        user(latest),
        assistant("Looking at withRetryBudget."),
        user("yes, go ahead and do that"),
        user("continue"),
      ],
    });
    const goal = summarizeSession(session, await notARepo()).goal?.text ?? "";
    // What the session works on now leads; the first request follows, as it may still apply.
    expect(goal).toBe(`${latest} (Earlier: Add a retry budget to the HTTP client.)`);
    expect(goal).not.toContain("go ahead");
  });

  it.each([
    [
      "vitest",
      "npx vitest run tests/retry-budget.test.ts",
      ` ❯ tests/retry-budget.test.ts (3 tests | 1 failed) 12ms
   × withRetryBudget stops after 3 attempts 5ms
     → expected 4 to be 3

 FAIL  tests/retry-budget.test.ts > withRetryBudget stops after 3 attempts
AssertionError: expected 4 to be 3 // Object.is equality`,
      "withRetryBudget stops after 3 attempts",
    ],
    [
      "pytest",
      "pytest -q",
      `F.                                                                  [100%]
FAILED tests/test_budget.py::test_stops_after_three - AssertionError: assert 4 == 3`,
      "test_stops_after_three",
    ],
    [
      "go test",
      "go test ./...",
      `--- FAIL: TestRetryBudget (0.00s)
    budget_test.go:12: expected 3 attempts, got 4
FAIL`,
      "TestRetryBudget",
    ],
  ])("names the failing test beside the assertion (%s)", async (_runner, command, output, test) => {
    const session = buildSession({
      messages: [user("Fix the retry budget."), assistant("", shell(command, 1, output))],
    });
    const [check] = summarizeSession(session, await notARepo()).validation ?? [];
    expect(check?.errorLine).toContain(test);
    expect(check?.errorLine).toMatch(/expected|assert/i);
  });

  it("drops a compaction summary's pending step that the rest of the session finished", async () => {
    const summary = [
      "This session is being continued from a previous conversation.",
      "",
      "Pending Tasks:",
      "- fum.3 parser rewrite is NOT yet compiled",
      "- Update docs/parser.md with the new grammar",
      "- Remove the legacy tokenizer",
    ].join("\n");
    const session = buildSession({
      messages: [
        user(summary),
        assistant("Compiling and testing.", shell("npm test", 0, "Tests  157 passed (157)")),
        assistant("All 157 tests pass. The legacy tokenizer is removed."),
      ],
      // Before every message: the messages above came after it.
      compactions: [{ text: summary, at: "2026-05-01T09:00:00.000Z", trigger: "auto" }],
      firstUserMessage: null,
    });
    const steps = (summarizeSession(session, await notARepo()).nextSteps ?? []).map((s) => s.text);
    expect(steps).toEqual(["Update docs/parser.md with the new grammar"]);
  });

  it("takes no template, check-marked cell, box gutter or filler for a fact", async () => {
    const session = buildSession({
      messages: [
        user("Pick a storage layout for the sessions."),
        assistant(
          "Decision: [what was chosen] because [why]. I tried Single File Per Session ✅ but abandoned it because ┃. " +
            "Decision: keep one ring buffer, because the sensor firmware needs all RB_CAPACITY slots usable.",
        ),
        assistant(
          "",
          {
            ...shell("true", 0),
            name: "Task",
            category: "task",
            command: null,
            input: { description: "Survey the layouts" },
            output:
              "Perfect! Now I have all the information needed.\nThe ring buffer wins on memory.",
          },
          shell("npm run check", 1, "┃\n┃ because ┃\nError: RING-OVERFLOW: slot 9 written twice"),
        ),
        assistant("Next reset date. Next, I will wire the buffer into the writer."),
      ],
    });
    const s = summarizeSession(session, await notARepo());
    expect(s.keyDecisions).toEqual([
      {
        decision: "Keep one ring buffer",
        reason: "the sensor firmware needs all RB_CAPACITY slots usable",
        provenance: "claimed",
      },
    ]);
    expect(s.failedApproaches ?? []).toEqual([]);
    expect(s.validation?.[0]?.errorLine).toBe("Error: RING-OVERFLOW: slot 9 written twice");
    expect(s.currentState?.map((f) => f.text).join("\n")).toContain(
      "reported: The ring buffer wins on memory.",
    );
    expect(s.nextSteps?.map((f) => f.text)).toEqual([
      "Next, I will wire the buffer into the writer.",
    ]);
  });
});

describe("a capped list of changed files", () => {
  it("says how many more there are, never silently", async () => {
    const repo = makeTempRepo();
    try {
      // Standard lists 25 changed files.
      const writes = Array.from({ length: 29 }, (_, i) => write(`${repo.dir}/src/f${i}.ts`));
      for (let i = 0; i < 29; i++) repo.write(`src/f${i}.ts`, `${i}\n`);
      const session = buildSession({
        cwd: repo.dir,
        messages: [user("Split the module into files."), assistant("", ...writes)],
      });
      const s = summarizeSession(session, await captureGit(repo.dir, { env: gitTestEnv }));
      expect(s.modifiedFiles).toHaveLength(25);
      expect(s.currentState?.at(-1)).toEqual({
        text: "Modified Files lists the 25 most recent of 29 changed files: 4 more are in `git status` and the session.",
        provenance: "verified",
      });
    } finally {
      repo.cleanup();
    }
  });
});
