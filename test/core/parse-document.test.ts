import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BatonError } from "../../src/core/errors.ts";
import { ENRICH_MARKER } from "../../src/core/handoff.ts";
import { parseDocument, safeParseDocument } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { sampleHandoff } from "./sample-handoff.ts";

const FRONTMATTER = [
  "---",
  "schema: baton/handoff@1",
  "id: 2026-04-14-x",
  "created: 2026-04-14T10:30:00Z",
  "trigger: manual",
  "status: open",
  "topic: x",
  "---",
];

/** A document with the minimal frontmatter above (lines 1-8) and `body` from line 9. */
function documentWith(body: string[], extraFields: string[] = []): string {
  return [...FRONTMATTER.slice(0, -1), ...extraFields, "---", ...body].join("\n");
}

function parseError(text: string, path: string | null = "doc.md"): BatonError {
  try {
    parseDocument(text, path === null ? {} : { path });
  } catch (error) {
    if (BatonError.is(error)) return error;
    throw error;
  }
  throw new Error("expected the document to be rejected");
}

describe("parseDocument: documents written by hand", () => {
  it("reads the example handoff a person wrote", () => {
    const path = new URL("fixtures/example-handoff.md", import.meta.url);
    const h = parseDocument(readFileSync(path, "utf8"), { path: "example-handoff.md" });
    expect(h).toMatchObject({
      id: "2026-04-14-handoff-skill",
      created: "2026-04-14T10:30:00+00:00",
      head: "9c1e4b2",
      dirty: true,
      parent: null,
      claim: null,
      tokens: null,
      redactions: 0,
    });
    expect(h.source).toEqual({
      agent: "claude-code",
      sessionId: null,
      transcript: null,
      model: "claude-opus-4",
      provider: null,
      agentMode: null,
    });
    const s = h.sections;
    expect(s.goal?.text).toBe(
      "Build a session handoff system for superpowers-ruby: capture the session's\n" +
        "state before compaction and restore it after, so that the next session (or a\n" +
        "person) can carry on without the conversation.",
    );
    expect(s.currentState?.map((f) => f.text)).toEqual([
      "Hook scripts created and tested by hand",
      "Skills written for create, resume and list",
      "OpenCode plugin updated with the compacting events",
    ]);
    expect(s.keyDecisions).toEqual([
      {
        decision: "Hybrid hook + skill approach",
        reason:
          "hooks capture the mechanical facts\ncheaply and skills fill in the semantic ones from the conversation",
        provenance: "claimed",
      },
      {
        decision: "Topic-based file names instead of timestamps alone",
        reason: "they are easier to scan",
        provenance: "claimed",
      },
      {
        decision: "Never block compaction on a failed capture",
        reason: null,
        provenance: "claimed",
      },
    ]);
    expect(s.modifiedFiles?.map((f) => [f.from, f.path, f.change, f.state])).toEqual([
      [null, "hooks/handoff-create", "added", "staged"],
      [null, "hooks/handoff-restore", "added", null],
      [null, "skills/handoff/SKILL.md", "modified", "unstaged"],
      [".opencode/plugins/superpowers.js", ".opencode/plugins/handoff.js", "renamed", "staged"],
    ]);
    expect(s.todos?.map((t) => t.status)).toEqual([
      "completed",
      "completed",
      "in_progress",
      "pending",
      "cancelled",
    ]);
    expect(s.validation).toEqual([
      {
        command: "bin/test hooks",
        exitCode: 0,
        at: "2026-04-14T10:12:00+00:00",
        head: "9c1e4b2",
        dirty: false,
        errorLine: null,
        provenance: "claimed",
      },
    ]);
    expect(s.filesToRead).toEqual([
      {
        path: ".claude/plans/recursive-hopping-quokka.md",
        reason: "the plan this work follows",
        provenance: "claimed",
      },
      { path: "docs/handoffs/README.md", reason: null, provenance: "claimed" },
    ]);
    expect(s.nextSteps?.map((f) => f.text)).toEqual([
      "Run a real compaction with the hooks installed",
      "Update CHANGELOG.md",
    ]);
    expect(s.failedApproaches).toEqual([]);
    expect(s.openQuestions).toBeNull();
  });

  it("reads an untracked file the same with or without its implied state", () => {
    const files = (line: string) =>
      parseDocument(documentWith(["## Modified Files", "", line])).sections.modifiedFiles;
    const expected = [
      {
        path: "notes.md",
        change: "untracked",
        state: "untracked",
        from: null,
        provenance: "claimed",
      },
    ];
    expect(files("- `notes.md` — untracked")).toEqual(expected);
    expect(files("- `notes.md` — untracked (untracked)")).toEqual(expected);
  });

  it("reads a document that has only its frontmatter as one still to be filled in", () => {
    const h = parseDocument(documentWith([]));
    expect(Object.values(h.sections).every((section) => section === null)).toBe(true);
  });

  it("reads a heading with nothing under it as a section still to be filled in", () => {
    const h = parseDocument(documentWith(["## Goal", "", "", "## Todos", ENRICH_MARKER]));
    expect(h.sections.goal).toBeNull();
    expect(h.sections.todos).toBeNull();
  });

  it("drops a forgotten enrich marker once the section has content", () => {
    const h = parseDocument(documentWith(["## Next Steps", ENRICH_MARKER, "- Ship it"]));
    expect(h.sections.nextSteps).toEqual([{ text: "Ship it", provenance: "claimed" }]);
  });

  it("accepts headings in any case and spacing, with closing hashes", () => {
    const h = parseDocument(
      documentWith(["##   key   DECISIONS  ##", "- Keep it", "## files to read", "- `a.md`"]),
    );
    expect(h.sections.keyDecisions?.[0]?.decision).toBe("Keep it");
    expect(h.sections.filesToRead?.[0]?.path).toBe("a.md");
  });

  it("reads `+` and numbered bullets, and a multi-line item with a blank line inside", () => {
    const h = parseDocument(
      documentWith([
        "## Open Questions",
        "+ First?",
        "3) Second,",
        "   over two lines?",
        "",
        "   Really?",
      ]),
    );
    expect(h.sections.openQuestions?.map((f) => f.text)).toEqual([
      "First?",
      "Second,\nover two lines?\n\nReally?",
    ]);
  });

  it("trims the spaces just inside a code span", () => {
    const h = parseDocument(documentWith(["## Files to Read", "- ` docs/plan.md ` — the plan"]));
    expect(h.sections.filesToRead?.[0]?.path).toBe("docs/plan.md");
  });

  it("reads the verified marker and JSON-quoted texts", () => {
    const h = parseDocument(
      documentWith([
        "## Current State",
        '- "  padded\\nand two lines " _(verified)_',
        "- plain _(Verified)_",
      ]),
    );
    expect(h.sections.currentState).toEqual([
      { text: "  padded\nand two lines ", provenance: "verified" },
      { text: "plain", provenance: "verified" },
    ]);
  });

  it("tolerates a byte order mark and blank lines before the frontmatter", () => {
    const h = parseDocument(`\uFEFF\n\n${documentWith(["## Goal", "Go."])}`);
    expect(h.sections.goal).toEqual({ text: "Go.", provenance: "claimed" });
  });

  it("keeps an edited rendering's meaning when the title and legend are deleted", () => {
    const rendered = renderDocument(sampleHandoff());
    const edited = rendered.replace(/^# Handoff:.*\n\n> .*\n/m, "");
    expect(edited).not.toContain("# Handoff:");
    expect(parseDocument(edited)).toEqual(sampleHandoff());
  });
});

describe("parseDocument: errors name the line", () => {
  it.each([
    ["a missing frontmatter", "# Handoff: x\n\n## Goal\nGo.", "doc.md:1: missing YAML frontmatter"],
    [
      "a missing frontmatter after blank lines",
      "\n\nschema: x",
      "doc.md:3: missing YAML frontmatter",
    ],
    [
      "an unclosed frontmatter",
      "---\nschema: baton/handoff@1\n\n## Goal",
      "doc.md:1: the frontmatter",
    ],
    ["an empty document", "", "doc.md:1: missing YAML frontmatter"],
  ])("%s", (_, text, message) => {
    const error = parseError(text);
    expect(error.code).toBe("parse");
    expect(error.message).toContain(message);
  });

  it.each([
    ["a nested mapping", "branch: a: b", "doc.md:8: broken YAML frontmatter"],
    ["an unclosed quote", 'branch: "abc', "doc.md:8: broken YAML frontmatter"],
    [
      "a duplicated key",
      "topic: again",
      "doc.md:8: broken YAML frontmatter: Map keys must be unique",
    ],
    ["a tab indentation", "source:\n\tagent: x", "doc.md:9: broken YAML frontmatter"],
  ])("broken YAML frontmatter: %s", (_, extra, message) => {
    const error = parseError(documentWith(["## Goal", "Go."], extra.split("\n")));
    expect(error.code).toBe("parse");
    expect(error.message).toContain(message);
  });

  it("frontmatter that is not fields", () => {
    const error = parseError("---\n- a\n- b\n---\n");
    expect(error.code).toBe("parse");
    expect(error.message).toContain("doc.md:1: the frontmatter must be YAML fields");
  });

  it("an unknown schema version, naming the supported ones", () => {
    const text = documentWith([]).replace("baton/handoff@1", "baton/handoff@2");
    const error = parseError(text);
    expect(error.code).toBe("parse");
    expect(error.message).toBe(
      'doc.md:2: unknown schema "baton/handoff@2"; this baton reads baton/handoff@1',
    );
  });

  it("a missing schema", () => {
    const error = parseError(documentWith([]).replace("schema: baton/handoff@1\n", ""));
    expect(error.code).toBe("schema");
    expect(error.message).toContain("doc.md:1: frontmatter field `schema` is missing");
  });

  it.each([
    [
      "an unknown trigger",
      documentWith([]).replace("trigger: manual", "trigger: sometimes"),
      "doc.md:5: frontmatter field `trigger`: Invalid option",
    ],
    [
      "a negative count",
      documentWith([], ["redactions: -1"]),
      "doc.md:8: frontmatter field `redactions`",
    ],
    [
      "a nested wrong type",
      documentWith([], ["source:", "  session_id: 123"]),
      "doc.md:9: frontmatter field `source.session_id`: Invalid input: expected string",
    ],
    [
      "an unknown field",
      documentWith([], ["tags: [a]"]),
      "doc.md:8: unknown frontmatter field `tags`",
    ],
    [
      "an unknown nested field",
      documentWith([], ["source:", "  agent: x", "  colour: red"]),
      "doc.md:10: unknown frontmatter field `source.colour`",
    ],
    [
      "a claim without its time",
      documentWith([], ["claim:", "  session: s"]),
      "doc.md:8: frontmatter field `claim.at` is missing",
    ],
    [
      "a missing id",
      documentWith([]).replace("id: 2026-04-14-x\n", ""),
      "doc.md:1: frontmatter field `id` is missing",
    ],
  ])("a frontmatter value that fails the schema: %s", (_, text, message) => {
    const error = parseError(text);
    expect(error.code).toBe("schema");
    expect(error.message).toContain(message);
  });

  it("an unknown section heading", () => {
    const error = parseError(documentWith(["", "## Goal", "Go.", "", "## Notes", "- x"]));
    expect(error.code).toBe("parse");
    expect(error.message).toMatch(
      /^doc\.md:13: unknown section "## Notes"; the sections are: Goal, /,
    );
  });

  it("a duplicated section", () => {
    const error = parseError(
      documentWith(["## Todos", "- [ ] a", "## Goal", "Go.", "## todos", "- [ ] b"]),
    );
    expect(error.code).toBe("parse");
    expect(error.message).toBe('doc.md:13: section "## Todos" appears twice (first at line 9)');
  });

  it("text outside any section", () => {
    const error = parseError(documentWith(["# Handoff: x", "", "Some notes", "## Goal", "Go."]));
    expect(error.message).toBe('doc.md:11: text outside any section: "Some notes"');
  });

  it.each([
    [
      "a paragraph in a list section",
      ["## Current State", "- one", "Login works."],
      11,
      "expected a list item",
    ],
    ["a bullet without a space", ["## Next Steps", "-Ship it"], 10, "expected a list item"],
    ["an empty JSON text", ["## Next Steps", '- ""'], 10, "Next Steps: empty text"],
    [
      "a todo without a checkbox",
      ["## Todos", "- [x] done", "- Add logout"],
      11,
      "Todos: expected a todo",
    ],
    ["a todo with an unknown box", ["## Todos", "- [?] maybe"], 10, "Todos: expected a todo"],
    [
      "a modified file without its change",
      ["## Modified Files", "- `a.ts`"],
      10,
      "expected `path` — change",
    ],
    [
      "an unknown change",
      ["## Modified Files", "- `a.ts` — edited"],
      10,
      'unknown change "edited"',
    ],
    [
      "an unknown file state",
      ["## Modified Files", "- `a.ts` — modified (pending)"],
      10,
      'unknown file state "pending"',
    ],
    ["an unclosed backtick", ["## Files to Read", "- `a.md — why"], 10, "expected `path` — reason"],
    [
      "an unknown validation detail",
      ["## Validation", "- `npm test` — exit 1, passed"],
      10,
      'unknown validation detail "passed"',
    ],
    [
      "a validation detail given twice",
      ["## Validation", "- `npm test` — exit 1, exit 2"],
      10,
      '"exit" is given twice',
    ],
  ])("a malformed item: %s", (_, body, line, message) => {
    const error = parseError(documentWith(body));
    expect(error.code).toBe("parse");
    expect(error.message).toMatch(new RegExp(`^doc\\.md:${line}: `));
    expect(error.message).toContain(message);
  });

  it("names the line without a path when none is given", () => {
    const error = parseError(documentWith(["## Notes"]), null);
    expect(error.message).toMatch(/^line 9: unknown section/);
  });
});

describe("safeParseDocument", () => {
  it("returns the handoff", () => {
    const result = safeParseDocument(renderDocument(sampleHandoff()));
    expect(result).toEqual({ ok: true, value: sampleHandoff() });
  });

  it("returns the error instead of throwing it", () => {
    const result = safeParseDocument("no frontmatter", { path: "x.md" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("parse");
      expect(result.error.message).toMatch(/^x\.md:1: /);
    }
  });
});
