import { afterEach, describe, expect, it } from "vitest";
import type { ToolCall } from "../../src/core/session.ts";
import { captureGit } from "../../src/git/capture-git.ts";
import { toRepoPath } from "../../src/summarize/extractive/to-repo-path.ts";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { gitTestEnv, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { notARepo } from "./not-a-repo.ts";
import { assistant, buildSession, shell, user, write } from "./session-builder.ts";

/** Sessions as other machines and unfinished runs leave them (issue 11). */
let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe("a session recorded on Windows", () => {
  it("never has its paths glued onto the repository it is summarized in", async () => {
    repo = makeTempRepo();
    repo.write("settings.json", "{}\n");
    repo.commit("start");
    repo.write("settings.json", '{"a":1}\n');
    const session = buildSession({
      cwd: "C:\\Users\\me\\VAULT",
      messages: [
        user("Tidy the settings."),
        assistant(
          "",
          write("c:\\Users\\me\\VAULT\\settings.json"),
          write("C:/Users/me/VAULT/notes/a.md"),
          write("notes\\b.md"),
        ),
      ],
    });
    const git = await captureGit(repo.dir, { env: gitTestEnv });
    const handoff = summarizeSession(session, git);
    const text = JSON.stringify(handoff);
    expect(text).not.toContain(`${repo.dir}/c:`);
    expect(text).not.toMatch(/VAULT\/c:|VAULT\/C:/i);
    // Git's own change is still listed, with the repository's own path.
    expect(handoff.modifiedFiles?.map((file) => file.path)).toEqual(["settings.json"]);
    // Outside a repository, paths are shown relative to the session's own (Windows) folder.
    const alone = summarizeSession(session, await notARepo());
    expect(alone.modifiedFiles?.map((file) => file.path).sort()).toEqual([
      "notes/a.md",
      "notes/b.md",
      "settings.json",
    ]);
  });

  it("reads its paths as Windows paths: relative to its own folder, case-insensitive drive", () => {
    const root = "C:\\Users\\me\\VAULT";
    expect(toRepoPath("c:\\Users\\me\\VAULT\\settings.json", root)).toBe("settings.json");
    expect(toRepoPath("notes\\b.md", root, "C:\\Users\\me\\VAULT")).toBe("notes/b.md");
    expect(toRepoPath("C:/Users/me/VAULT/notes/a.md", root)).toBe("notes/a.md");
    expect(toRepoPath("D:\\elsewhere\\x.md", root)).toBeNull();
    // Across platforms a path is outside the root, never joined onto it.
    expect(toRepoPath("c:\\Users\\me\\VAULT\\settings.json", "/work/repo", root)).toBeNull();
    expect(toRepoPath("/work/repo/a.ts", root)).toBeNull();
    expect(toRepoPath("src/a.ts", "/work/repo", "/work/repo/pkg")).toBe("pkg/src/a.ts");
  });
});

describe("a shell command that never finished", () => {
  const running = (command: string): ToolCall => ({
    ...shell(command, 0),
    exitCode: null,
    isError: false,
    output: "Process running with session ID 7",
    unfinished: true,
  });

  it("is neither a passing check nor a step that ran with exit 0", async () => {
    repo = makeTempRepo();
    repo.write("a.txt", "a\n");
    repo.commit("start");
    const session = buildSession({
      cwd: repo.dir,
      messages: [
        user("Make `npm test` pass."),
        assistant("", shell("npm test", 1, "Error: boom"), running("npm test")),
      ],
    });
    const handoff = summarizeSession(session, await captureGit(repo.dir, { env: gitTestEnv }));
    const runs = handoff.validation ?? [];
    expect(runs.at(-1)?.exitCode).toBeNull();
    expect(runs.some((run) => run.exitCode === 0)).toBe(false);
    expect(JSON.stringify(handoff.currentState ?? "")).not.toContain("(exit 0)");
  });
});
