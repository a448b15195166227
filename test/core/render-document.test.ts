import { describe, expect, it } from "vitest";
import { ENRICH_MARKER, emptySections, type Handoff } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { sampleHandoff } from "./sample-handoff.ts";

const EXPECTED_BODY = `# Handoff: auth-refresh

> Items marked _(verified)_ were read from git, the agent's todo store or recorded command results. Everything else was written by a model or a person: check it before relying on it.

## Goal

Make token refresh safe when several tabs refresh at once, without logging the user out.

## Current State

- Login and session persistence work.
- 2 of 5 todos done _(verified)_

## Key Decisions

- Serialise refreshes with a mutex in \`session.ts\` — because two tabs used the same refresh token and the second got a 401

## Failed Approaches

- Retry once on 401 — because it doubled the requests and still raced

## Modified Files

- \`src/auth/session.ts\` — modified (staged) _(verified)_
- \`src/auth/token.ts\` → \`src/auth/refresh.ts\` — renamed (staged) _(verified)_
- \`notes/race condition.md\` — untracked _(verified)_

## Todos

- [x] Add login endpoint _(verified)_
- [x] Persist the session _(verified)_
- [~] Fix the token refresh race _(verified)_
- [ ] Add logout endpoint _(verified)_
- [-] Cookie fallback _(verified)_

## Validation

- \`npm test -- auth\` — exit 1, at 2026-04-14T10:28:41Z, head 3f2a9c1, dirty, error: \`AssertionError: expected 401 to be 200\` _(verified)_

## Files to Read

- \`docs/plans/auth-refresh.md\` — the plan, steps 3-5 remain _(verified)_

## Next Steps

1. Add the mutex around \`refresh()\`
2. Test concurrent requests
   with two tabs open

## Open Questions

_None._
`;

const EXPECTED_FRONTMATTER = `---
schema: baton/handoff@1
id: 2026-04-14-auth-refresh
created: 2026-04-14T10:30:00.000Z
trigger: compact
status: open
topic: auth-refresh
branch: feat/auth-refresh
head: 3f2a9c1d7e0b4a5f6c8d9e0a1b2c3d4e5f6a7b8c
dirty: true
source:
  agent: claude-code
  session_id: 5e8d53e3-eb42-282a-9b1c-0a1b2c3d4e5f
  transcript: ~/.claude/projects/-work-app/5e8d53e3.jsonl
  model: claude-sonnet-4-5
  provider: anthropic
  agent_mode: null
parent: 2026-04-13-auth-login
claim: null
restored_at: null
superseded_by: null
tokens:
  document: 812
  prompt: 240
redactions: 1
---
`;

function withSections(sections: Partial<Handoff["sections"]>): Handoff {
  return { ...sampleHandoff(), sections: { ...emptySections(), ...sections } };
}

/** The lines under `## heading`, up to the next heading. */
function sectionLines(document: string, heading: string): string[] {
  const lines = document.split("\n");
  const start = lines.indexOf(`## ${heading}`) + 1;
  const end = lines.findIndex((line, index) => index > start && line.startsWith("## "));
  return lines.slice(start, end === -1 ? undefined : end).filter((line) => line !== "");
}

describe("renderDocument", () => {
  it("renders a realistic handoff as readable markdown", () => {
    expect(renderDocument(sampleHandoff())).toBe(`${EXPECTED_FRONTMATTER}\n${EXPECTED_BODY}`);
  });

  it("renders a section capture could not fill as the enrich marker, and an empty one as _None._", () => {
    const document = renderDocument(withSections({ todos: [] }));
    expect(sectionLines(document, "Goal")).toEqual([ENRICH_MARKER]);
    expect(sectionLines(document, "Todos")).toEqual(["_None._"]);
  });

  it("quotes as JSON exactly the values a friendlier form would change", () => {
    const h = withSections({
      goal: { text: "Ship it.\n## Not a heading", provenance: "claimed" },
      currentState: [
        { text: " padded ", provenance: "claimed" },
        { text: "ends with _(verified)_", provenance: "claimed" },
        { text: ENRICH_MARKER, provenance: "claimed" },
      ],
      keyDecisions: [
        { decision: "A — because B", reason: "C", provenance: "claimed" },
        { decision: "D", reason: "E — because F", provenance: "claimed" },
      ],
      modifiedFiles: [
        { path: "we`ird.ts", change: "added", state: null, from: null, provenance: "verified" },
        {
          path: "line\nbreak.ts",
          change: "added",
          state: null,
          from: null,
          provenance: "verified",
        },
      ],
      todos: [{ text: "tab\there\u0007bell", status: "pending", provenance: "claimed" }],
    });
    const document = renderDocument(h);
    expect(sectionLines(document, "Goal")).toEqual(['"Ship it.\\n## Not a heading"']);
    expect(sectionLines(document, "Current State")).toEqual([
      '- " padded "',
      '- "ends with _(verified)_"',
      `- ${ENRICH_MARKER}`,
    ]);
    expect(sectionLines(document, "Key Decisions")).toEqual([
      '- "A — because B" — because C',
      "- D — because E — because F",
    ]);
    expect(sectionLines(document, "Modified Files")).toEqual([
      '- "we`ird.ts" — added _(verified)_',
      '- "line\\nbreak.ts" — added _(verified)_',
    ]);
    expect(sectionLines(document, "Todos")).toEqual(['- [ ] "tab\\there\\u0007bell"']);
    expect(parseDocument(document)).toEqual(h);
  });

  it("keeps markdown-looking and multi-line texts readable when they parse back as they are", () => {
    const h = withSections({
      nextSteps: [
        {
          text: "Run `npm test`\n\n- then **check** the output\n---\n## done",
          provenance: "claimed",
        },
      ],
    });
    const document = renderDocument(h);
    expect(sectionLines(document, "Next Steps")).toEqual([
      "1. Run `npm test`",
      "   - then **check** the output",
      "   ---",
      "   ## done",
    ]);
    expect(parseDocument(document)).toEqual(h);
  });

  it("keeps the title on one line whatever the topic holds", () => {
    const h = { ...sampleHandoff(), topic: "two\nlines\n## Goal" };
    const document = renderDocument(h);
    expect(document).toContain("\n# Handoff: two lines ## Goal\n");
    expect(parseDocument(document).topic).toBe("two\nlines\n## Goal");
  });
});
