import { describe, expect, it } from "vitest";
import { BatonError } from "../../src/core/errors.ts";
import { chooseTopic } from "../../src/summarize/build-handoff.ts";
import { givenFromOptions, givenFromText } from "../../src/summarize/given.ts";

function errorOf(fn: () => unknown): BatonError {
  try {
    fn();
  } catch (error) {
    if (BatonError.is(error)) return error;
    throw error;
  }
  throw new Error("expected a BatonError");
}

describe("given sections", () => {
  it("options become claimed sections; one given blank is a usage error", () => {
    expect(errorOf(() => givenFromOptions({ goal: "" }))).toMatchObject({
      code: "usage",
      message: "--goal is empty; give it text or leave it out",
    });
    expect(errorOf(() => givenFromOptions({ nextSteps: ["a", " "] })).code).toBe("usage");
    expect(errorOf(() => givenFromOptions({ decisions: [""] })).code).toBe("usage");
    expect(givenFromOptions({ goal: "  Ship  ", nextSteps: ["a", "b"], decisions: [] })).toEqual({
      goal: { text: "Ship", provenance: "claimed" },
      nextSteps: [
        { text: "a", provenance: "claimed" },
        { text: "b", provenance: "claimed" },
      ],
    });
    expect(givenFromOptions({})).toEqual({});
  });

  it("the Sections JSON shape is read, and everything in it becomes a claim", () => {
    const { sections } = givenFromText(
      JSON.stringify({
        goal: { text: "G", provenance: "verified" },
        currentState: [{ text: "S", provenance: "verified" }],
        keyDecisions: [{ decision: "D", reason: "R", provenance: "verified" }],
        failedApproaches: [{ approach: "F", reason: null, provenance: "claimed" }],
        todos: [{ text: "T", status: "in_progress", provenance: "verified" }],
        filesToRead: [{ path: "a.md", reason: null, provenance: "verified" }],
        modifiedFiles: [
          { path: "b.ts", change: "added", state: "staged", from: null, provenance: "verified" },
        ],
        validation: [
          {
            command: "npm test",
            exitCode: 0,
            at: null,
            head: null,
            dirty: null,
            errorLine: null,
            provenance: "verified",
          },
        ],
        nextSteps: [{ text: "N", provenance: "verified" }],
        openQuestions: null,
      }),
      "input",
    );
    expect(sections.goal).toEqual({ text: "G", provenance: "claimed" });
    expect(sections.keyDecisions).toEqual([{ decision: "D", reason: "R", provenance: "claimed" }]);
    expect(sections.todos).toEqual([{ text: "T", status: "in_progress", provenance: "claimed" }]);
    expect(sections.modifiedFiles?.[0]).toMatchObject({
      path: "b.ts",
      change: "added",
      provenance: "claimed",
    });
    expect(sections.validation?.[0]).toMatchObject({
      command: "npm test",
      exitCode: 0,
      provenance: "claimed",
    });
    // null means "not given": the section stays for enrichment.
    expect("openQuestions" in sections).toBe(false);
    for (const value of Object.values(sections)) {
      for (const item of [value].flat()) expect(item).toMatchObject({ provenance: "claimed" });
    }
  });

  it("the flat shape: snake_case, kebab-case and short names, strings or lists", () => {
    const { sections } = givenFromText(
      JSON.stringify({
        goal: "G",
        current_state: "S",
        "failed-approaches": ["polling"],
        decisions: ["D1", { decision: "D2", why: "because" }],
        todos: ["write docs", { content: "tests", status: "completed" }],
        files: ["README.md"],
        next: ["one", "two"],
        questions: "Q?",
      }),
      "stdin",
    );
    expect(sections.currentState).toEqual([{ text: "S", provenance: "claimed" }]);
    expect(sections.failedApproaches).toEqual([
      { approach: "polling", reason: null, provenance: "claimed" },
    ]);
    expect(sections.keyDecisions?.[1]).toEqual({
      decision: "D2",
      reason: "because",
      provenance: "claimed",
    });
    expect(sections.todos).toEqual([
      { text: "write docs", status: "pending", provenance: "claimed" },
      { text: "tests", status: "completed", provenance: "claimed" },
    ]);
    expect(sections.filesToRead).toEqual([
      { path: "README.md", reason: null, provenance: "claimed" },
    ]);
    expect(sections.nextSteps?.map((s) => s.text)).toEqual(["one", "two"]);
    expect(sections.openQuestions).toEqual([{ text: "Q?", provenance: "claimed" }]);
  });

  it("markdown with the section headings", () => {
    const { sections } = givenFromText(
      "## Goal\n\nShip it\n\n## Next Steps\n\n1. Tag\n2. Publish\n",
      "f.md",
    );
    expect(sections.goal).toEqual({ text: "Ship it", provenance: "claimed" });
    expect(sections.nextSteps?.map((s) => s.text)).toEqual(["Tag", "Publish"]);
  });

  it("bad input fails with a message naming the origin and the field", () => {
    expect(errorOf(() => givenFromText("   \n", "stdin")).message).toBe(
      "stdin is empty: expected markdown sections or JSON",
    );
    expect(errorOf(() => givenFromText("{", "x.json")).message).toMatch(
      /^x\.json is not valid JSON: /,
    );
    expect(
      errorOf(() => givenFromText('{"todos": [{"text": "t", "status": "later"}]}', "in")).message,
    ).toBe(
      'in: field "todos"[0].status must be one of pending, in_progress, completed, cancelled, not "later"',
    );
    expect(errorOf(() => givenFromText('{"goal": ""}', "in")).message).toBe(
      'in: field "goal" is empty',
    );
    expect(errorOf(() => givenFromText('{"goal": 5}', "in")).message).toMatch(
      /field "goal" must be a string/,
    );
    expect(
      errorOf(() =>
        givenFromText('{"modified_files": [{"path": "a", "change": "exploded"}]}', "in"),
      ).message,
    ).toMatch(/^in: field "modified_files"\[0\]: change: /);
    expect(errorOf(() => givenFromText("no headings here", "in")).code).toBe("usage");
    expect(errorOf(() => givenFromText("   \n", "stdin")).code).toBe("usage");
    expect(errorOf(() => givenFromText("{}", "stdin")).code).toBe("usage");
  });

  it("a JSON key that is not a section is a usage error naming it, not a section dropped", () => {
    const error = errorOf(() => givenFromText('{"goal": "G", "nxet_steps": ["x"]}', "stdin"));
    expect(error.code).toBe("usage");
    expect(error.message).toMatch(/^stdin: unknown field "nxet_steps"; the sections are goal, /);
  });
});

describe("choosing a topic", () => {
  it("explicit, else a branch that is not main/master, else the goal, else 'handoff'", () => {
    expect(chooseTopic({ topic: " mine ", branch: "feat/x", goal: "g" })).toBe("mine");
    expect(chooseTopic({ branch: "feat/x", goal: "g" })).toBe("feat/x");
    expect(chooseTopic({ branch: "main", goal: "g" })).toBe("g");
    expect(chooseTopic({ branch: "master", goal: null })).toBe("handoff");
    expect(chooseTopic({ branch: null, goal: "  " })).toBe("handoff");
  });
});
