import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe("baton create --dry-run (the preview /handoff shows before it writes)", () => {
  it("prints the document it would write, redacted, and writes nothing", async () => {
    repo = makeTempRepo({ branch: "feat/preview" });
    repo.write("notes.md", "draft\n");
    const secret = `ghp_${"a1B2c3D4e5".repeat(4).slice(0, 36)}`;
    const text = `## Goal\n\nShip the preview (token ${secret})\n\n## Next Steps\n\n1. Test it\n`;
    const run = await runInProcess(["create", "--dry-run", "--stdin"], {
      cwd: repo.dir,
      stdin: text,
    });
    expect(run.code, run.stderr).toBe(0);
    const doc = parseDocument(run.stdout);
    expect(doc.branch).toBe("feat/preview");
    expect(doc.sections.goal?.text).toContain("Ship the preview");
    expect(doc.sections.modifiedFiles?.map((f) => [f.path, f.provenance])).toContainEqual([
      "notes.md",
      "verified",
    ]);
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).toContain(
      `baton: dry run; nothing was written (it would be about ${doc.id})`,
    );
    expect(existsSync(join(repo.dir, "docs/handoffs"))).toBe(false);
  });

  it("is a preview only: not with --review or --json", async () => {
    repo = makeTempRepo();
    const run = await runInProcess(["create", "--dry-run", "--json", "--goal", "x"], {
      cwd: repo.dir,
    });
    expect(run.code).toBe(2);
    expect(existsSync(join(repo.dir, "docs/handoffs"))).toBe(false);
  });
});
