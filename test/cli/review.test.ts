import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { spawnBaton } from "./run-baton.ts";

/**
 * `baton create --review`: the draft opens in the person's editor before anything is
 * written. The editors here are real programs (shell scripts) run the way git runs one.
 */
let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

function editor(script: string): string {
  const dir = makeTempDir("baton-editor-");
  const path = join(dir, "edit.sh");
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

function handoffFiles(dir: string): string[] {
  const folder = join(dir, "docs/handoffs");
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(".md")) : [];
}

function setUp(): TempRepo {
  repo = makeTempRepo({ branch: "fix/login" });
  repo.write("a.txt", "changed\n");
  repo.write("notes.md", "new\n");
  return repo;
}

describe("baton create --review", () => {
  it("writes what the person saved; the items they changed become their claims", async () => {
    const r = setUp();
    const edit = editor(
      `sed -i -e 's/Old goal/Goal as the reviewer put it/' -e 's/\`notes.md\` — untracked/\`notes-renamed.md\` — untracked/' "$1"`,
    );
    const run = await spawnBaton(["create", "--goal", "Old goal", "--review", "--json"], {
      cwd: r.dir,
      env: { EDITOR: edit, VISUAL: undefined },
    });
    expect(run.code, run.stderr).toBe(0);
    const handoff = parseDocument(readFileSync(JSON.parse(run.stdout).path, "utf8"));
    expect(handoff.sections.goal).toEqual({
      text: "Goal as the reviewer put it",
      provenance: "claimed",
    });
    expect(handoff.sections.modifiedFiles).toEqual([
      expect.objectContaining({ path: "a.txt", provenance: "verified" }),
      expect.objectContaining({ path: "notes-renamed.md", provenance: "claimed" }),
    ]);
    expect(handoff.branch).toBe("fix/login");
    expect(handoff.status).toBe("open");
  });

  it("masks a secret the person typed into the draft", async () => {
    const r = setUp();
    const key = ["AKIA", "Z7Q4", "X2M9", "B8R3", "W5K1"].join("");
    const edit = editor(`sed -i 's/Old goal/Deploy with ${key}/' "$1"`);
    const run = await spawnBaton(["create", "--goal", "Old goal", "--review"], {
      cwd: r.dir,
      env: { EDITOR: edit },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("redacted 1 secret before writing (1 aws-access-key)");
    const [file] = handoffFiles(r.dir);
    const text = readFileSync(join(r.dir, "docs/handoffs", file as string), "utf8");
    expect(text).not.toContain(key);
    expect(text).toContain("Deploy with [REDACTED:aws-access-key]");
  });

  it("writes nothing when the editor fails or the draft is emptied", async () => {
    const r = setUp();
    const failing = await spawnBaton(["create", "--goal", "x", "--review"], {
      cwd: r.dir,
      env: { EDITOR: editor("exit 3") },
    });
    expect(failing.code).toBe(130);
    expect(failing.stderr).toContain("review cancelled: the editor exited with 3; nothing written");
    const emptied = await spawnBaton(["create", "--goal", "x", "--review"], {
      cwd: r.dir,
      env: { EDITOR: editor(': > "$1"') },
    });
    expect(emptied.code).toBe(130);
    expect(emptied.stderr).toContain("the draft was emptied; nothing written");
    expect(handoffFiles(r.dir)).toEqual([]);
  });

  it("keeps a draft that no longer parses, names its line, and writes nothing", async () => {
    const r = setUp();
    const run = await spawnBaton(["create", "--goal", "x", "--review"], {
      cwd: r.dir,
      env: { EDITOR: editor(`printf '\\n## Things I Also Want\\n\\n- more\\n' >> "$1"`) },
    });
    expect(run.code).toBe(1);
    const kept = /kept at (\S+\.md)\)/.exec(run.stderr)?.[1];
    expect(run.stderr).toMatch(/:\d+: .*Things I Also Want/);
    expect(kept && readFileSync(kept, "utf8")).toContain("## Things I Also Want");
    expect(handoffFiles(r.dir)).toEqual([]);
  });

  it("says how to name an editor when none is set", async () => {
    const r = setUp();
    const run = await spawnBaton(["create", "--goal", "x", "--review"], {
      cwd: r.dir,
      env: { EDITOR: undefined, VISUAL: undefined },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "baton: --review opens the draft in your editor: set VISUAL or EDITOR\n",
    );
  });
});
