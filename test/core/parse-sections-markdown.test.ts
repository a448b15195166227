import { describe, expect, it } from "vitest";
import { BatonError } from "../../src/core/errors.ts";
import { ENRICH_MARKER } from "../../src/core/handoff.ts";
import { parseSectionsMarkdown } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { sampleHandoff } from "./sample-handoff.ts";

describe("parseSectionsMarkdown", () => {
  it("reads the sections a model wrote, headings in any case, ignoring its preamble", () => {
    const text = [
      "Here is the summary you asked for.",
      "",
      "## goal",
      "Make token refresh safe across tabs.",
      "",
      "## KEY DECISIONS",
      "- Use a mutex — because two tabs raced",
      "",
      "## Next steps",
      "1. Add the mutex",
      "2. Test with two tabs",
    ].join("\n");
    expect(parseSectionsMarkdown(text)).toEqual({
      goal: { text: "Make token refresh safe across tabs.", provenance: "claimed" },
      keyDecisions: [{ decision: "Use a mutex", reason: "two tabs raced", provenance: "claimed" }],
      nextSteps: [
        { text: "Add the mutex", provenance: "claimed" },
        { text: "Test with two tabs", provenance: "claimed" },
      ],
    });
  });

  it("returns only the sections given, an enrich marker as null and _None._ as empty", () => {
    const sections = parseSectionsMarkdown(
      ["## Open Questions", "_None._", "## Failed Approaches", ENRICH_MARKER].join("\n"),
    );
    expect(sections).toEqual({ openQuestions: [], failedApproaches: null });
  });

  it("treats everything as claimed, even text marked verified", () => {
    const sections = parseSectionsMarkdown("## Todos\n- [x] Tests pass _(verified)_\n");
    expect(sections.todos).toEqual([
      { text: "Tests pass", status: "completed", provenance: "claimed" },
    ]);
  });

  it("reads a whole rendered document's sections, skipping its frontmatter", () => {
    const h = sampleHandoff();
    const sections = parseSectionsMarkdown(renderDocument(h));
    expect(Object.keys(sections)).toHaveLength(10);
    expect(sections.modifiedFiles?.map((f) => [f.path, f.provenance])).toEqual(
      h.sections.modifiedFiles?.map((f) => [f.path, "claimed"]),
    );
    expect(sections.goal).toEqual(h.sections.goal);
  });

  it("rejects an unknown heading, naming the line", () => {
    try {
      parseSectionsMarkdown("## Goal\nShip.\n\n## Risks\n- none");
      expect.unreachable();
    } catch (error) {
      expect(BatonError.is(error) && error.code).toBe("parse");
      expect((error as Error).message).toMatch(/^line 4: unknown section "## Risks"/);
    }
  });

  it("rejects a malformed item, naming the line and the file when given", () => {
    expect(() => parseSectionsMarkdown("## Current State\nLogin works.")).toThrow(
      /^line 2: Current State: expected a list item/,
    );
    expect(() => parseSectionsMarkdown("\n## Todos\n- Add logout", { path: "summary.md" })).toThrow(
      /^summary\.md:3: Todos: expected a todo/,
    );
  });

  it("gives nothing for a text without section headings", () => {
    expect(parseSectionsMarkdown("Just some notes.\n- and a list")).toEqual({});
  });
});
