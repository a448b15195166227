import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { ModifiedFile } from "../../src/core/handoff.ts";
import { captureGit } from "../../src/git/capture-git.ts";
import { toModifiedFiles } from "../../src/git/to-modified-files.ts";
import { gitTestEnv, makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";

let made: TempRepo | undefined;
afterEach(() => made?.cleanup());

const env = { ...process.env, ...gitTestEnv };

it("turns a captured state into verified, schema-valid Modified Files entries", async () => {
  made = makeTempRepo();
  made.write("keep.txt", "content that stays the same for rename detection\n");
  made.write("drop.txt", "x\n");
  made.commit("base");
  made.git("mv", "keep.txt", "kept.txt");
  rmSync(join(made.dir, "drop.txt"));
  made.write("README.md", "changed\n");
  made.write("new file.txt", "x\n");

  const files = toModifiedFiles(await captureGit(made.dir, { env }));
  for (const file of files) expect(ModifiedFile.parse(file)).toEqual(file);
  expect(files.toSorted((a, b) => (a.path < b.path ? -1 : 1))).toEqual([
    {
      path: "README.md",
      change: "modified",
      state: "unstaged",
      from: null,
      provenance: "verified",
    },
    { path: "drop.txt", change: "deleted", state: "unstaged", from: null, provenance: "verified" },
    {
      path: "kept.txt",
      change: "renamed",
      state: "staged",
      from: "keep.txt",
      provenance: "verified",
    },
    {
      path: "new file.txt",
      change: "untracked",
      state: "untracked",
      from: null,
      provenance: "verified",
    },
  ]);
});

it("gives no files outside a repository", async () => {
  const dir = makeTempDir();
  try {
    const state = await captureGit(dir, {
      env: { ...env, GIT_CEILING_DIRECTORIES: join(dir, "..") },
    });
    expect(state.inRepo).toBe(false);
    expect(toModifiedFiles(state)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
