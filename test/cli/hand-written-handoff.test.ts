import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Handoff } from "../../src/core/handoff.ts";
import { parseDocument, safeParseDocument } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/**
 * Seed 004's "human to agent" path: a developer writes a handoff by hand following the
 * seed's template, and baton reads it (list, resume, ack, create --from-file) without
 * loosening its own format.
 */

/** The seed's example document, as the article prints it. */
const SEED_TEMPLATE = `---
created: 2026-04-14T10:30:00+00:00
branch: lg/handoff
trigger: manual
restored: false
topic: handoff-skill-implementation
---

# Handoff: handoff-skill-implementation

## Goal
Building a session handoff system for superpowers-ruby...

## Current State
- Hook scripts created and tested
- Skills written for create, resume, list
- OpenCode plugin updated with compacting events

## Key Decisions
- Hybrid hook+skill approach - hooks for mechanical capture,
  skills for semantic enrichment
- Topic-based naming instead of timestamps alone -
  easier to scan in a directory listing

## Modified Files
- hooks/handoff-create
- hooks/handoff-restore
- skills/handoff/SKILL.md

## Failed Approaches
- (none in this session)

## Files to Read
- \`.claude/plans/recursive-hopping-quokka.md\` (Claude Code plan)

## Next Steps
1. Test the full compaction cycle end-to-end
2. Update CHANGELOG.md

## Open Questions
- Should Cursor hooks support PreCompact/PostCompact?
`;

const ID = "2026-04-14-handoff-skill-implementation";
const now = new Date("2026-04-14T12:00:00Z");
let repo: TempRepo;
beforeEach(() => {
  repo = makeTempRepo({ branch: "lg/handoff" });
});
afterEach(() => repo.cleanup());

const baton = (...args: string[]) => runInProcess(args, { cwd: repo.dir, now });

function everyItem(h: Handoff): Array<{ provenance: string }> {
  return Object.values(h.sections).flatMap(
    (value): Array<{ provenance: string }> =>
      value === null ? [] : Array.isArray(value) ? value : [value as { provenance: string }],
  );
}

describe("a hand-written handoff in seed 004's template", () => {
  it("reads as an open handoff whose every item is a claim, marked hand-written", () => {
    const h = parseDocument(SEED_TEMPLATE, { id: ID });
    expect(h).toMatchObject({
      id: ID,
      status: "open",
      trigger: "manual",
      topic: "handoff-skill-implementation",
      branch: "lg/handoff",
      created: "2026-04-14T10:30:00+00:00",
      origin: "hand-written",
    });
    expect(h.sections.goal?.text).toBe("Building a session handoff system for superpowers-ruby...");
    expect(h.sections.modifiedFiles?.map((f) => [f.path, f.change])).toEqual([
      ["hooks/handoff-create", "modified"],
      ["hooks/handoff-restore", "modified"],
      ["skills/handoff/SKILL.md", "modified"],
    ]);
    expect(h.sections.failedApproaches).toEqual([]);
    expect(h.sections.filesToRead).toEqual([
      {
        path: ".claude/plans/recursive-hopping-quokka.md",
        reason: "Claude Code plan",
        provenance: "claimed",
      },
    ]);
    expect(h.sections.nextSteps?.map((s) => s.text)).toEqual([
      "Test the full compaction cycle end-to-end",
      "Update CHANGELOG.md",
    ]);
    const items = everyItem(h);
    expect(items.length).toBeGreaterThan(10);
    expect(items.every((item) => item.provenance === "claimed")).toBe(true);
    // Once baton rewrites it (a claim, an ack), it stays marked as hand-written.
    expect(parseDocument(renderDocument(h))).toEqual(h);
  });

  it("list shows it, resume presents it unsigned, ack archives it", async () => {
    const path = repo.write(`docs/handoffs/${ID}.md`, SEED_TEMPLATE);

    const list = await baton("list");
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).not.toContain("broken");
    expect(list.stdout).toMatch(/open \(by hand\)\s+lg\/handoff\s+handoff-skill-implementation/);
    const json = JSON.parse((await baton("list", "--json")).stdout);
    expect(json.handoffs[0]).toMatchObject({ id: ID, status: "open", origin: "hand-written" });

    const resume = await baton("resume");
    expect(resume.code, resume.stderr).toBe(0);
    expect(resume.stdout).toContain("Building a session handoff system for superpowers-ruby");
    expect(resume.stdout).toContain("1. Test the full compaction cycle end-to-end");
    expect(resume.stdout).toContain("Unverified, claimed by its author: goal, state, files");
    expect(resume.stdout).toContain(
      "Previous: written by hand, unsigned (not made by baton): every item above is the author's claim",
    );
    const claimed = parseDocument(readFileSync(path, "utf8"));
    expect(claimed.status).toBe("claimed");
    expect(claimed.origin).toBe("hand-written");
    expect(everyItem(claimed).every((item) => item.provenance === "claimed")).toBe(true);

    const ack = await baton("ack");
    expect(ack.code, ack.stderr).toBe(0);
    expect(existsSync(path)).toBe(false);
    const archived = parseDocument(
      readFileSync(join(repo.dir, "docs/handoffs/_archive", `${ID}.md`), "utf8"),
    );
    expect(archived).toMatchObject({ status: "archived", origin: "hand-written" });
    expect(archived.restoredAt).not.toBeNull();
  });

  it("a template already marked restored is listed as such and not resumed", async () => {
    repo.write(
      `docs/handoffs/${ID}.md`,
      SEED_TEMPLATE.replace(
        "restored: false",
        "restored: true\nrestored_at: 2026-04-14T11:00:00+00:00",
      ),
    );
    const list = await baton("list");
    expect(list.stdout).toContain("restored (by hand)");
    const resume = await baton("resume");
    expect(resume.code).not.toBe(0);
  });

  it("baton create --from-file accepts the same template", async () => {
    const file = repo.write("handoff.md", SEED_TEMPLATE);
    const created = await baton("create", "--from-file", file);
    expect(created.code, created.stderr).toBe(0);
    const name = readdirSync(join(repo.dir, "docs/handoffs")).find((n) => n.endsWith(".md"));
    const h = parseDocument(readFileSync(join(repo.dir, "docs/handoffs", name ?? ""), "utf8"));
    expect(h.sections.goal).toEqual({
      text: "Building a session handoff system for superpowers-ruby...",
      provenance: "claimed",
    });
    expect(h.sections.failedApproaches).toEqual([]);
    expect(h.sections.filesToRead).toContainEqual({
      path: ".claude/plans/recursive-hopping-quokka.md",
      reason: "Claude Code plan",
      provenance: "claimed",
    });
    expect(h.sections.openQuestions?.[0]?.text).toBe(
      "Should Cursor hooks support PreCompact/PostCompact?",
    );
    expect(h.topic).toBe("handoff-skill-implementation");
    // baton made this one from git and the given sections: it is baton's own, not hand-written.
    expect(h.origin).toBeUndefined();
  });
});

describe("baton's own format stays strict", () => {
  it("a bare path under Modified Files is still an error in baton's own documents", () => {
    const own = parseDocument(SEED_TEMPLATE, { id: ID });
    const text = renderDocument({ ...own, origin: undefined }).replace(
      /## Modified Files\n\n[\s\S]*?\n\n##/,
      "## Modified Files\n\n- hooks/handoff-create\n\n##",
    );
    const parsed = safeParseDocument(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.error.message).toMatch(/Modified Files: expected `path` — change/);
  });

  it("a template with a mistyped field names the line", () => {
    const parsed = safeParseDocument(SEED_TEMPLATE.replace("topic:", "topik:"), { id: ID });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.message).toBe(
        "line 6: frontmatter field `topik` is not one of the hand-written template's (created, branch, trigger, restored, restored_at, topic)",
      );
    }
    const badTrigger = safeParseDocument(SEED_TEMPLATE.replace("trigger: manual", "trigger: x"));
    expect(!badTrigger.ok && badTrigger.error.message).toBe(
      "line 4: frontmatter field `trigger` must be one of manual, compact, tool, command",
    );
  });

  it("a frontmatter that is neither baton's nor the template's says what is expected", () => {
    const parsed = safeParseDocument(SEED_TEMPLATE.replace("restored: false\n", ""));
    expect(!parsed.ok && parsed.error.message).toMatch(
      /frontmatter field `schema` is missing; supported: baton\/handoff@1 \(or a hand-written handoff with seed 004's fields/,
    );
  });

  it("an item that merely starts with 'none' is kept", () => {
    const h = parseDocument(
      SEED_TEMPLATE.replace("- (none in this session)", "- None of the retries helped"),
      { id: ID },
    );
    expect(h.sections.failedApproaches?.map((f) => f.approach)).toEqual([
      "None of the retries helped",
    ]);
  });
});
