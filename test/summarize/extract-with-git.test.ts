import { afterEach, describe, expect, it } from "vitest";
import { captureGit } from "../../src/git/capture-git.ts";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { gitTestEnv, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { assistant, buildSession, edit, read, shell, user, write } from "./session-builder.ts";

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

function freshRepo(): TempRepo {
  repo = makeTempRepo();
  repo.write("src/a.ts", "export const a = 1;\n");
  repo.write("src/b.ts", "export const b = 1;\n");
  repo.commit("start");
  return repo;
}

describe("with a real repository", () => {
  it("marks each changed file with git's state; files git no longer lists are committed", async () => {
    const r = freshRepo();
    const at = (path: string) => `${r.dir}/${path}`;
    r.write("src/a.ts", "export const a = 2;\n");
    r.write("src/new.ts", "new\n");
    r.write("person.md", "written by the person\n");
    r.git("add", "src/new.ts");
    const session = buildSession({
      cwd: r.dir,
      messages: [
        user("Go."),
        assistant(
          "",
          edit(at("src/b.ts"), "1", "2"),
          edit(at("src/a.ts"), "1", "2"),
          write(at("src/new.ts")),
          write("/tmp/scratch.txt"),
        ),
      ],
    });
    // The session's edit of b.ts was committed since.
    r.write("src/b.ts", "export const b = 2;\n");
    r.git("commit", "-q", "-m", "b", "--", "src/b.ts");
    const git = await captureGit(r.dir, { env: gitTestEnv });
    const files = summarizeSession(session, git).modifiedFiles;
    expect(files).toEqual([
      { path: "src/new.ts", change: "added", state: "staged", from: null, provenance: "verified" },
      {
        path: "src/a.ts",
        change: "modified",
        state: "unstaged",
        from: null,
        provenance: "verified",
      },
      {
        path: "src/b.ts",
        change: "modified",
        state: "committed",
        from: null,
        provenance: "verified",
      },
      {
        path: "person.md",
        change: "untracked",
        state: "untracked",
        from: null,
        provenance: "verified",
      },
    ]);
  });

  it("marks a file the session wrote that is neither in git's list nor here as absent, never as committed", async () => {
    const r = freshRepo();
    const at = (path: string) => `${r.dir}/${path}`;
    const session = buildSession({
      cwd: r.dir,
      messages: [
        user("Try a scratch file, then clean up."),
        assistant("", write(at("src/scratch.ts")), edit(at("src/a.ts"), "1", "2")),
      ],
    });
    // The session removed its scratch file again and committed the edit of a.ts.
    r.write("src/a.ts", "export const a = 2;\n");
    r.commit("a");
    const git = await captureGit(r.dir, { env: gitTestEnv });
    const files = summarizeSession(session, git).modifiedFiles ?? [];
    expect(files.map((f) => [f.path, f.state])).toEqual([
      ["src/a.ts", "committed"],
      ["src/scratch.ts", "absent"],
    ]);
  });

  it("ties each check to the commit it ran on, and to the changes made before it", async () => {
    const r = freshRepo();
    const at = (path: string) => `${r.dir}/${path}`;
    const session = buildSession({
      cwd: r.dir,
      messages: [
        user("Make `npm test` pass."),
        assistant("", shell("npm test", 1, "Error: A-FAILS"), edit(at("src/a.ts"), "1", "2")),
        assistant("", shell("npm test", 0), shell("git commit -am fix", 0)),
        assistant("", shell("npm run lint", 0)),
        assistant(
          "",
          edit(at("src/b.ts"), "1", "2"),
          shell("npx tsc --noEmit", 2, "src/b.ts(1,1): error TS1005: ';' expected."),
        ),
      ],
    });
    r.write("src/a.ts", "export const a = 2;\n");
    const head = r.commit("fix");
    r.write("src/b.ts", "export const b = 2\n");
    const git = await captureGit(r.dir, { env: gitTestEnv });
    const runs = summarizeSession(session, git).validation ?? [];
    expect(runs.map((v) => [v.command, v.exitCode, v.head, v.dirty, v.errorLine])).toEqual([
      // Before the commit: the tree it ran on is gone, so its commit is unknown.
      ["npm test", 1, null, null, "Error: A-FAILS"],
      ["npm test", 0, null, null, null],
      // On the current HEAD; its tree is unknown (a commit need not take every change, and
      // the tree changed after it).
      ["npm run lint", 0, head, null, null],
      // The session changed b.ts before this run: dirty.
      ["npx tsc --noEmit", 2, head, true, "src/b.ts(1,1): error TS1005: ';' expected."],
    ]);
  });

  it("puts a merge git has stopped in first in Current State", async () => {
    const r = freshRepo();
    r.git("checkout", "-q", "-b", "other");
    r.write("src/a.ts", "export const a = 3;\n");
    r.commit("other");
    r.git("checkout", "-q", "-");
    r.write("src/a.ts", "export const a = 4;\n");
    r.commit("mine");
    expect(() => r.git("merge", "-q", "other")).toThrow();
    const session = buildSession({
      cwd: r.dir,
      messages: [user("Merge other."), assistant("Conflict in src/a.ts.")],
    });
    const git = await captureGit(r.dir, { env: gitTestEnv });
    expect(summarizeSession(session, git).currentState).toEqual([
      { text: "A git merge is in progress", provenance: "verified" },
      { text: "Conflict in src/a.ts.", provenance: "claimed" },
    ]);
  });

  it("lists plan files first in Files to Read, then the most-read files", async () => {
    const r = freshRepo();
    const at = (path: string) => `${r.dir}/${path}`;
    const session = buildSession({
      cwd: r.dir,
      messages: [
        user("Go."),
        assistant("", read(at("src/a.ts")), read(at("src/b.ts")), read(at("src/b.ts"))),
      ],
    });
    const git = await captureGit(r.dir, { env: gitTestEnv });
    const planFiles = [{ path: "PLAN.md", mtime: new Date(), kind: "plan" as const }];
    expect(summarizeSession(session, git, { planFiles }).filesToRead).toEqual([
      { path: "PLAN.md", reason: "plan", provenance: "verified" },
      { path: "src/b.ts", reason: "read 2× in the session", provenance: "verified" },
      { path: "src/a.ts", reason: "read in the session", provenance: "verified" },
    ]);
  });
});

describe("paths", () => {
  it("resolve an agent's relative paths against the session's folder below the root", async () => {
    const r = freshRepo();
    r.write("pkg/api/src/x.ts", "x\n");
    const session = buildSession({
      cwd: `${r.dir}/pkg/api`,
      messages: [
        user("Go."),
        assistant("", edit("src/x.ts", "a", "b"), write("/tmp/elsewhere.txt")),
      ],
    });
    const git = await captureGit(r.dir, { env: gitTestEnv });
    expect(summarizeSession(session, git).modifiedFiles?.map((f) => [f.path, f.state])).toEqual([
      // Inside the folder git lists as one untracked entry, which the file stands for.
      ["pkg/api/src/x.ts", "untracked"],
    ]);
  });
});
