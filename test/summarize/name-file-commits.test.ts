import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { renderPrompt } from "../../src/core/render-prompt.ts";
import { captureGit } from "../../src/git/capture-git.ts";
import { commitsOfPaths } from "../../src/git/commits-of-paths.ts";
import { nameFileCommits } from "../../src/summarize/name-file-commits.ts";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { authHandoff } from "../core/prompt-fixtures.ts";
import { gitTestEnv, makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { assistant, buildSession, edit, user, write } from "./session-builder.ts";

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

const short = (r: TempRepo, rev: string) => r.git("rev-parse", "--short", rev).trim();

describe("commitsOfPaths", () => {
  it("gives each path the latest commit on HEAD that changed it, in one git log", async () => {
    repo = makeTempRepo();
    const r = repo;
    r.write("src/a file.ts", "1\n");
    r.write("b.md", "1\n");
    r.commit("one");
    r.write("src/a file.ts", "2\n");
    r.commit("two");
    const found = await commitsOfPaths(r.dir, ["src/a file.ts", "b.md", "never.ts"], {
      env: gitTestEnv,
      timeoutMs: 5000,
    });
    expect(Object.fromEntries(found)).toEqual({
      "src/a file.ts": short(r, "HEAD"),
      "b.md": short(r, "HEAD~1"),
    });
  });

  it("answers nothing, and does not throw, outside a repository", async () => {
    const found = await commitsOfPaths(makeTempDir(), ["a.ts"], {
      env: gitTestEnv,
      timeoutMs: 5000,
    });
    expect(found.size).toBe(0);
  });
});

describe("a file the session wrote and then committed names its commit", () => {
  it("in the sections, the document read back, and the prompt; uncommitted files name none", async () => {
    repo = makeTempRepo();
    const r = repo;
    r.write("src/retry.js", "export {};\n");
    r.commit("start");
    const at = (path: string) => `${r.dir}/${path}`;
    const session = buildSession({
      cwd: r.dir,
      messages: [
        user("Add a rate limiter, commit it, then wire it into retry."),
        assistant("", write(at("src/limiter.js")), edit(at("src/retry.js"), "{}", "{ limit }")),
      ],
    });
    // Mid-session the limiter was committed; the edit of retry.js is still uncommitted.
    r.write("src/limiter.js", "export const limit = 3;\n");
    r.commit("Add the limiter");
    const limiterCommit = short(r, "HEAD");
    r.write("src/retry.js", "export { limit };\n");
    const git = await captureGit(r.dir, { env: gitTestEnv });
    const sections = await nameFileCommits(summarizeSession(session, git), git, gitTestEnv);
    expect(sections.modifiedFiles?.map((f) => [f.path, f.state, f.commit])).toEqual([
      ["src/retry.js", "unstaged", undefined],
      ["src/limiter.js", "committed", limiterCommit],
    ]);

    const handoff = { ...authHandoff(), sections: { ...authHandoff().sections, ...sections } };
    const document = renderDocument(handoff);
    expect(document).toContain(`- \`src/limiter.js\` — added (committed ${limiterCommit})`);
    expect(parseDocument(document).sections.modifiedFiles).toEqual(sections.modifiedFiles);
    expect(renderPrompt(handoff).text).toContain(
      `src/limiter.js (new, committed in ${limiterCommit})`,
    );
  });

  it("a hand-edited document that names a commit for an uncommitted file is refused, saying why", () => {
    const document = renderDocument(authHandoff()).replace(
      /## Modified Files\n\n/,
      "## Modified Files\n\n- `src/x.ts` — modified (unstaged abc1234) _(verified)_\n",
    );
    expect(() => parseDocument(document)).toThrow(
      /commit \(abc1234\) is named only for a committed file/,
    );
  });
});
