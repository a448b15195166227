import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findPlanFiles } from "../../src/git/find-plan-files.ts";
import { makeTempDir } from "../support/temp-repo.ts";

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;

let root: string;
beforeEach(() => {
  root = makeTempDir("baton-plans-");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes a file whose mtime is `daysAgo` before NOW. */
function put(path: string, daysAgo: number): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, `# ${path}\n`);
  const at = new Date(NOW.getTime() - daysAgo * DAY);
  utimesSync(full, at, at);
}

describe("findPlanFiles", () => {
  it("finds plans and specs in every known place, newest first, with kinds", async () => {
    put(".claude/plans/claude-plan.md", 1);
    put("docs/superpowers/plans/2026-06-10-feature.md", 5);
    put("docs/superpowers/specs/2026-06-09-design.md", 6);
    put("docs/plans/roadmap.md", 2);
    put("TODO.md", 3);
    put("elsewhere/PLAN.md", 0);
    put("docs/notes.md", 0);

    const found = await findPlanFiles(root, { now: NOW, limit: 10 });
    expect(found.map(({ path, kind }) => [path, kind])).toEqual([
      [".claude/plans/claude-plan.md", "plan"],
      ["docs/plans/roadmap.md", "plan"],
      ["TODO.md", "todo"],
      ["docs/superpowers/plans/2026-06-10-feature.md", "plan"],
      ["docs/superpowers/specs/2026-06-09-design.md", "spec"],
    ]);
    expect(found[0]?.mtime.getTime()).toBe(NOW.getTime() - DAY);
  });

  it("leaves out old plan files but always keeps root PLAN.md and TODO.md", async () => {
    put("docs/plans/fresh.md", 13);
    put("docs/plans/stale.md", 15);
    put("PLAN.md", 400);
    put("todo.md", 90);

    const found = await findPlanFiles(root, { now: NOW });
    expect(found.map((f) => f.path)).toEqual(["docs/plans/fresh.md", "todo.md", "PLAN.md"]);
    const strict = await findPlanFiles(root, { now: NOW, maxAgeDays: 1 });
    expect(strict.map((f) => f.path)).toEqual(["todo.md", "PLAN.md"]);
  });

  it("keeps the newest files up to the limit, root files taking their slots first", async () => {
    for (let n = 1; n <= 8; n++) put(`.claude/plans/plan-${n}.md`, n);
    put("PLAN.md", 30);

    expect((await findPlanFiles(root, { now: NOW })).map((f) => f.path)).toEqual([
      ".claude/plans/plan-1.md",
      ".claude/plans/plan-2.md",
      ".claude/plans/plan-3.md",
      ".claude/plans/plan-4.md",
      "PLAN.md",
    ]);
    expect((await findPlanFiles(root, { now: NOW, limit: 1 })).map((f) => f.path)).toEqual([
      "PLAN.md",
    ]);
  });

  it("reads nested folders but skips dotfiles, non-documents and symlinked folders", async () => {
    put("docs/plans/2026/06/nested.md", 1);
    put("docs/plans/.draft.md", 1);
    put("docs/plans/diagram.png", 1);
    put("docs/plans/notes.txt", 2);
    put("outside/secret-plan.md", 1);
    symlinkSync(join(root, "outside"), join(root, "docs/plans/linked"));

    const found = await findPlanFiles(root, { now: NOW });
    expect(found.map((f) => f.path)).toEqual([
      "docs/plans/2026/06/nested.md",
      "docs/plans/notes.txt",
    ]);
  });

  it("returns nothing for a root without plans, or a root that does not exist", async () => {
    put("src/index.ts", 0);
    expect(await findPlanFiles(root, { now: NOW })).toEqual([]);
    expect(await findPlanFiles(join(root, "missing"), { now: NOW })).toEqual([]);
  });
});
