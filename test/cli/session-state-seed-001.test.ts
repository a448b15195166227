import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

/**
 * Seed 001 finished: `baton save` fills git.issues and git.prs from gh, keeps the file out of
 * git through .git/info/exclude, records `--note` reasons; `baton restore` shows hand edits
 * (and the seed's `echo … >>` line) and what moved since the save.
 */

const now = new Date("2026-12-06T12:00:00Z");
let repo: TempRepo;
let bin: string;

beforeEach(() => {
  repo = makeTempRepo({ branch: "feat/nextauth" });
  repo.write(".gitignore", "node_modules/\n");
  repo.write("lib/auth.ts", "export {};\n");
  repo.commit("auth");
  repo.write("lib/auth.ts", "export const auth = 1;\n");
  bin = makeTempDir("baton-gh-");
});
afterEach(() => repo.cleanup());

/** The real PATH without any folder that holds a `gh`: gh really absent, git still there. */
function pathWithoutGh(): string {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "" && !existsSync(join(dir, "gh")))
    .join(delimiter);
}

/**
 * A test double of GitHub's CLI, which cannot run here (it needs a GitHub login and the
 * network): a real executable named `gh`, first on PATH, that answers the three calls baton
 * makes with what `gh … --json number` prints, and logs its arguments.
 */
function installFakeGh(options: { loggedIn: boolean }): string {
  const log = join(bin, "gh.log");
  const script = `#!/bin/sh
echo "$*" >> "${log}"
case "$1 $2" in
  "auth status")
    ${options.loggedIn ? "exit 0" : 'echo "You are not logged into any GitHub hosts. To log in, run: gh auth login" >&2; exit 1'} ;;
  "issue list") echo '[{"number":42},{"number":7}]' ;;
  "pr list")
    case "$*" in *"--head feat/nextauth"*) echo '[{"number":51}]' ;; *) echo '[]' ;; esac ;;
  *) echo "unexpected gh $*" >&2; exit 2 ;;
esac
`;
  const path = join(bin, "gh");
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return log;
}

const save = (args: string[], path: string) =>
  runInProcess(["save", ...args], { cwd: repo.dir, env: { PATH: path }, now });
const restore = (args: string[]) =>
  runInProcess(["restore", ...args], { cwd: repo.dir, env: { PATH: pathWithoutGh() }, now });
const stateFile = () => join(repo.dir, ".opencode/.session-state.json");
const readState = () => JSON.parse(readFileSync(stateFile(), "utf8"));

describe("baton save: issues and pull requests from gh", () => {
  it("without gh, leaves them empty and says so plainly", async () => {
    const run = await save(["opencode"], pathWithoutGh());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "git.issues and git.prs left empty: gh (GitHub CLI) is not installed",
    );
    expect(readState().git).toMatchObject({ issues: [], prs: [] });
  });

  it("with gh logged in, takes the issues assigned to the user and the branch's PRs", async () => {
    const log = installFakeGh({ loggedIn: true });
    const run = await save(["opencode"], `${bin}${delimiter}${pathWithoutGh()}`);
    expect(run.code, run.stderr).toBe(0);
    expect(readState().git).toMatchObject({ issues: ["#42", "#7"], prs: ["#51"] });
    expect(run.stderr).toContain(
      "from gh: issues #42, #7 assigned to you, pull requests #51 for this branch",
    );
    const calls = readFileSync(log, "utf8");
    expect(calls).toContain("issue list --assignee @me --state open --json number");
    expect(calls).toContain("pr list --head feat/nextauth --state all --json number");

    const restored = await restore(["opencode"]);
    expect(restored.stdout).toContain("Issues: #42, #7");
    expect(restored.stdout).toContain("Pull requests: #51");
  });

  it("with gh logged out, says to log in", async () => {
    installFakeGh({ loggedIn: false });
    const run = await save(["opencode"], `${bin}${delimiter}${pathWithoutGh()}`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /gh is not logged in .*You are not logged into any GitHub hosts.*run `gh auth login`/,
    );
    expect(readState().git).toMatchObject({ issues: [], prs: [] });
  });
});

describe("baton save: the file stays out of git", () => {
  it("adds the path to .git/info/exclude once, leaving .gitignore and tracked files alone", async () => {
    const first = await save(["opencode"], pathWithoutGh());
    expect(first.stderr).toContain(
      "added /.opencode/.session-state.json to .git/info/exclude so git ignores it (.gitignore untouched)",
    );
    const exclude = readFileSync(join(repo.dir, ".git/info/exclude"), "utf8");
    expect(exclude).toContain("\n/.opencode/.session-state.json\n");
    expect(readFileSync(join(repo.dir, ".gitignore"), "utf8")).toBe("node_modules/\n");
    expect(repo.git("status", "--porcelain")).toBe(" M lib/auth.ts\n");

    const again = await save(["opencode"], pathWithoutGh());
    expect(again.stderr).toContain(".opencode/.session-state.json is already ignored by git");
    expect(readFileSync(join(repo.dir, ".git/info/exclude"), "utf8")).toBe(exclude);
  });

  it("a tracked state file is left tracked and the user told how to untrack it", async () => {
    repo.write(".claude/.session-state.json", "{}\n");
    repo.commit("someone committed it");
    const run = await save(["claude-code"], pathWithoutGh());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      ".claude/.session-state.json is tracked by git, so it was left as it is; `git rm --cached .claude/.session-state.json`",
    );
    expect(readFileSync(join(repo.dir, ".git/info/exclude"), "utf8")).not.toContain(
      "session-state",
    );
    expect(repo.git("ls-files", ".claude")).toBe(".claude/.session-state.json\n");
  });
});

describe("seed 001's escalation step", () => {
  it("save --note records the reason and restore shows it", async () => {
    const run = await save(
      ["opencode", "--note", "Escalation: 3+ STRICT violations after 2 auto-fix attempts"],
      pathWithoutGh(),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("recorded 1 note");
    expect(readState().notes).toEqual([
      "Escalation: 3+ STRICT violations after 2 auto-fix attempts",
    ]);
    const restored = await restore(["opencode"]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(
      "Notes:\n- Escalation: 3+ STRICT violations after 2 auto-fix attempts",
    );
  });

  it("a hand edit that still parses as JSON restores with the edit shown", async () => {
    await save(["opencode"], pathWithoutGh());
    const state = readState();
    state.escalation = "Groq struggled with the refactoring";
    state.context.next_steps = ["Fix the design tokens in Header.tsx"];
    writeFileSync(stateFile(), JSON.stringify(state, null, 2));
    const restored = await restore(["opencode"]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(
      "Also in the file (not part of the format, likely added by hand):\n- escalation: Groq struggled with the refactoring",
    );
    expect(restored.stdout).toContain("1. Fix the design tokens in Header.tsx");
    expect(restored.stderr).toContain("1 field not part of the format, shown as written");
  });

  it("the seed's literal `echo … >> file` restores, the appended line shown", async () => {
    await save(["opencode"], pathWithoutGh());
    execFileSync("sh", [
      "-c",
      `echo "Escalation: 3+ STRICT violations after 2 auto-fix attempts" >> "${stateFile()}"`,
    ]);
    const restored = await restore(["opencode"]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(
      /- line \d+ \(after the JSON\): Escalation: 3\+ STRICT violations after 2 auto-fix attempts/,
    );
    expect(restored.stderr).toContain("1 line of text after the JSON, shown as written");
  });

  it("a file that is not JSON at all is a clear error, and the file is left as it was", async () => {
    repo.write(".opencode/.session-state.json", "task: not json\n");
    const restored = await restore(["opencode"]);
    expect(restored.code).toBe(1);
    expect(restored.stderr).toContain(".opencode/.session-state.json is not valid JSON");
    expect(readFileSync(stateFile(), "utf8")).toBe("task: not json\n");
  });
});

describe("baton restore: what moved since the save", () => {
  it("names the branch change, the new commits and unlisted files, as resume does", async () => {
    await save(["opencode"], pathWithoutGh());
    const saved = readState();
    expect(saved.git.last_commit).toBe(repo.git("rev-parse", "HEAD").trim());
    repo.commit("wip");
    repo.git("checkout", "-q", "-b", "feat/other");
    repo.write("lib/new.ts", "export {};\n");
    repo.commit("another");
    repo.write("lib/later.ts", "export {};\n");
    const restored = await restore(["opencode"]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toContain(`since the save (${now.toISOString()})`);
    expect(restored.stderr).toContain("branch changed: feat/nextauth -> feat/other");
    expect(restored.stderr).toMatch(/2 commits since the save \([0-9a-f]{7} -> [0-9a-f]{7}\)/);
    expect(restored.stderr).toContain("1 uncommitted file the save does not list: lib/later.ts");
    const json = await runInProcess(["restore", "opencode", "--json"], {
      cwd: repo.dir,
      env: { PATH: pathWithoutGh() },
      now,
    });
    expect(JSON.parse(json.stdout).drift).toHaveLength(3);
  });

  it("a short commit id, as seed 001's script writes, is the same commit", async () => {
    await save(["opencode"], pathWithoutGh());
    const state = readState();
    state.git.last_commit = repo.git("rev-parse", "--short", "HEAD").trim();
    writeFileSync(stateFile(), JSON.stringify(state));
    const restored = await restore(["opencode"]);
    expect(restored.stderr).not.toContain("commit");
    expect(restored.stderr).not.toContain("since the save");
  });
});
