import { describe, expect, it } from "vitest";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { notARepo } from "./not-a-repo.ts";
import { assistant, buildSession, edit, shell, user } from "./session-builder.ts";

async function sectionsOf(...messages: Parameters<typeof buildSession>[0]["messages"]) {
  return summarizeSession(buildSession({ messages }), await notARepo());
}

describe("key decisions", () => {
  it.each([
    ["Decision: use SQLite, because it ships with Node.", "Use SQLite", "it ships with Node"],
    ["**Decision:** keep the v1 endpoint", "Keep the v1 endpoint", null],
    [
      "I decided to cache the token since refresh calls are rate-limited.",
      "I decided to cache the token",
      "refresh calls are rate-limited",
    ],
    ["We'll go with zod for validation.", "We'll go with zod for validation", null],
    [
      "Let's use pnpm workspaces so that installs stay fast.",
      "Let's use pnpm workspaces",
      "installs stay fast",
    ],
    ["I opted for a queue given that order matters.", "I opted for a queue", "order matters"],
  ])("finds %j", async (text, decision, reason) => {
    const s = await sectionsOf(user("Build it."), assistant(`Looking. ${text}`));
    expect(s.keyDecisions).toEqual([{ decision, reason, provenance: "claimed" }]);
  });

  it("takes decisions the person states, and no question or plain statement", async () => {
    const s = await sectionsOf(
      user("Build it. Decision: no new dependencies."),
      assistant("Should we use Redis? The tests pass. I read the config."),
    );
    expect(s.keyDecisions?.map((d) => d.decision)).toEqual(["No new dependencies"]);
  });

  it("keeps one copy of a repeated decision and the latest ones when over the cap", async () => {
    const texts = Array.from({ length: 8 }, (_, i) => `Decision: option ${i}.`);
    const s = await sectionsOf(
      user("Go."),
      ...texts.map((text) => assistant(text)),
      assistant("Decision: option 7."),
    );
    expect(s.keyDecisions?.map((d) => d.decision)).toEqual([
      "Option 3",
      "Option 4",
      "Option 5",
      "Option 6",
      "Option 7",
    ]);
  });

  it("is null when none was stated", async () => {
    expect((await sectionsOf(user("Go."), assistant("Done."))).keyDecisions).toBeNull();
  });
});

describe("failed approaches", () => {
  it("splits the approach from the give-up clause and its reason", async () => {
    const s = await sectionsOf(
      user("Fix it."),
      assistant("I tried mocking the clock, but it didn't work because timers are native."),
    );
    expect(s.failedApproaches).toEqual([
      { approach: "I tried mocking the clock", reason: "timers are native", provenance: "claimed" },
    ]);
  });

  it("takes the sentence before a statement that points back to it", async () => {
    const s = await sectionsOf(
      user("Fix it."),
      assistant("First I bumped the timeout to 30s. That approach failed: the race remained."),
      assistant("Raising the pool size. Instead, I'll serialize the writes."),
    );
    expect(s.failedApproaches?.map((f) => f.approach)).toEqual([
      "First I bumped the timeout to 30s",
      "Raising the pool size",
    ]);
  });

  it("finds an edit the session undid, and changes thrown away with git", async () => {
    const s = await sectionsOf(
      user("Fix it."),
      assistant("", edit("/work/app/src/a.ts", "retry(3)", "retry(10)")),
      assistant("", edit("/work/app/src/a.ts", "retry(10)", "retry(3)")),
      assistant("", shell("git checkout -- src/b.ts", 0)),
    );
    expect(s.failedApproaches).toEqual([
      {
        approach: "Edit of src/a.ts replacing `retry(3)` with `retry(10)`, later undone",
        reason: null,
        provenance: "verified",
      },
      {
        approach: "Changes discarded with `git checkout -- src/b.ts`",
        reason: null,
        provenance: "verified",
      },
    ]);
  });

  it("finds a failed command replaced by another of the same tool, with its error line", async () => {
    const s = await sectionsOf(
      user("Install the parser."),
      assistant(
        "",
        shell(
          "npm install fast-parse@9",
          1,
          "npm ERR! code ETARGET\nnpm ERR! notarget No matching version found for fast-parse@9.",
        ),
      ),
      assistant("", shell("npm install fast-parse@2", 0)),
    );
    expect(s.failedApproaches).toEqual([
      {
        approach: "`npm install fast-parse@9` (exit 1), replaced by `npm install fast-parse@2`",
        reason: "notarget No matching version found for fast-parse@9.",
        provenance: "verified",
      },
    ]);
  });

  it("does not count a check that failed and then passed, or a look around", async () => {
    const s = await sectionsOf(
      user("Fix the test."),
      assistant("", shell("npm test", 1, "AssertionError: boom"), shell("ls missing", 2)),
      assistant("", shell("ls src", 0), shell("npm test", 0)),
    );
    expect(s.failedApproaches).toBeNull();
  });
});

describe("failed approaches, not failures", () => {
  it.each([
    "Running the tests, it failed with a timeout.",
    "The build didn't work because a dependency is missing.",
  ])("%j reports a failure, not a given-up approach", async (text) => {
    const s = await sectionsOf(user("Fix it."), assistant(`I ran the suite. ${text}`));
    expect(s.failedApproaches).toBeNull();
  });

  it("takes how it failed from before the give-up words when no reason follows them", async () => {
    const s = await sectionsOf(
      user("Fix it."),
      assistant(
        "The first approach, splitting on 'h' and then on 'm', failed for inputs like '90s' and I gave it up.",
      ),
    );
    expect(s.failedApproaches).toEqual([
      {
        approach: "The first approach, splitting on 'h' and then on 'm'",
        reason: "failed for inputs like '90s'",
        provenance: "claimed",
      },
    ]);
  });

  it("takes the sentence before words that point back to it", async () => {
    const s = await sectionsOf(
      user("Fix it."),
      assistant("I pinned the dependency to 2.1. Unfortunately, that didn't work."),
    );
    expect(s.failedApproaches?.map((f) => f.approach)).toEqual(["I pinned the dependency to 2.1"]);
  });
});
