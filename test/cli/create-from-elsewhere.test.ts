import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/**
 * Issue 12: `create --from X --session ID` of a session recorded in another folder (here the
 * recording machine's /home/baton/…) in this repository. None of its commands ran here, so
 * this checkout's HEAD, dirty state and file states are not stamped on them; the handoff
 * says where it ran, keeps its branch, and does not supersede this branch's open handoff.
 */
let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

const dir = join(FIXTURES_ROOT, "claude-code/2.1.197/fix-off-by-one");
const facts = readFixtureFacts(dir);
const empty = makeTempDir("baton-empty-");
const env = {
  HOME: join(dir, "home"),
  CLAUDE_CONFIG_DIR: join(dir, "home/.claude"),
  CODEX_HOME: join(empty, "codex"),
  XDG_DATA_HOME: join(empty, "data"),
};

describe("baton create --from a session recorded in another folder", () => {
  it("says where it ran, keeps its branch, stamps none of this checkout on it and supersedes nothing here", async () => {
    repo = makeTempRepo({ branch: "main" });
    repo.write("src/math.mjs", "export const add = (a, b) => a + b;\n");
    repo.commit("math");
    repo.write("notes.txt", "uncommitted work of this checkout\n");
    const mine = await runInProcess(["create", "--goal", "Tidy the notes of main"], {
      cwd: repo.dir,
      env,
    });
    expect(mine.code, mine.stderr).toBe(0);

    const run = await runInProcess(
      ["create", "--from", "claude-code", "--session", facts.sessionId.slice(0, 8), "--json"],
      { cwd: repo.dir, env },
    );
    expect(run.code, run.stderr).toBe(0);
    const handoff = parseDocument(readFileSync(JSON.parse(run.stdout).path, "utf8"));
    expect(handoff.branch).toBe(facts.branch);
    expect(handoff.head).toBeNull();
    expect(handoff.dirty).toBeNull();
    expect(handoff.sections.currentState?.[0]).toEqual({
      text: expect.stringContaining(`Recorded in ${facts.cwd} on branch ${facts.branch}, not in `),
      provenance: "verified",
    });
    // The checks keep their recorded exit codes, with no commit or tree of this checkout.
    const checks = handoff.sections.validation ?? [];
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) expect([check.head, check.dirty]).toEqual([null, null]);
    // This checkout's uncommitted file is not the session's change.
    expect(handoff.sections.modifiedFiles?.map((f) => f.path)).not.toContain("notes.txt");
    for (const file of handoff.sections.modifiedFiles ?? []) expect(file.state).toBeNull();
    // main's own open handoff is still open.
    const list = await runInProcess(["list", "--json"], { cwd: repo.dir, env });
    const open = JSON.parse(list.stdout).handoffs.map((h: { status: string }) => h.status);
    expect(open).toEqual(["open", "open"]);
  });
});
