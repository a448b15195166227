import { chmodSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Handoff } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { checkSignature } from "../../src/safety/sign-handoff.ts";
import { MAIN_TS, NODE_BIN, runInProcess, spawnBaton } from "../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, openTempRepo, type TempRepo } from "../support/temp-repo.ts";

/** Two clones of one bare repository stand for two machines, each with its own key. */
let bare: TempRepo;
let a: TempRepo;
let b: TempRepo;
let configA: string;
let configB: string;

beforeEach(() => {
  const seed = makeTempRepo({ branch: "main" });
  bare = openTempRepo(makeTempDir("baton-bare-"));
  bare.git("init", "-q", "--bare", "-b", "main");
  seed.git("remote", "add", "origin", bare.dir);
  seed.git("push", "-q", "origin", "main");
  seed.cleanup();
  a = openTempRepo(makeTempDir("baton-a-"));
  a.git("clone", "-q", bare.dir, ".");
  b = openTempRepo(makeTempDir("baton-b-"));
  b.git("clone", "-q", bare.dir, ".");
  configA = makeTempDir("baton-config-a-");
  configB = makeTempDir("baton-config-b-");
});
afterEach(() => {
  for (const repo of [bare, a, b]) repo.cleanup();
  for (const dir of [configA, configB]) rmSync(dir, { recursive: true, force: true });
});

const envOf = (repo: TempRepo) => ({ XDG_CONFIG_HOME: repo === a ? configA : configB });

async function baton(repo: TempRepo, ...args: string[]) {
  const run = await runInProcess(args, { cwd: repo.dir, env: envOf(repo) });
  expect(run.code, `baton ${args.join(" ")}\n${run.stderr}`).toBe(0);
  return run;
}

function handoffs(repo: TempRepo): Map<string, Handoff> {
  const found = new Map<string, Handoff>();
  for (const sub of ["", "_archive"]) {
    const dir = join(repo.dir, "docs/handoffs", sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".md"))) {
      found.set(name.slice(0, -3), parseDocument(readFileSync(join(dir, name), "utf8")));
    }
  }
  return found;
}

/** Every version of a handoff in the history of its shared ref, oldest first. */
function history(repo: TempRepo, id: string): Handoff[] {
  const commits = repo.git("rev-list", "--reverse", `refs/baton/handoffs/${id}`).trim().split("\n");
  return commits.map((commit) =>
    parseDocument(repo.git("cat-file", "blob", `${commit}:handoff.md`)),
  );
}

describe("baton push and pull", { timeout: 180_000 }, () => {
  it("a handoff travels with its signature through refs of its own; branches stay untouched", async () => {
    const branchesBefore = bare.git("for-each-ref", "refs/heads");
    const created = await baton(
      a,
      "create",
      "--goal",
      "Port the parser",
      "--next",
      "Run the fuzzer",
    );
    const id = created.stdout.trim().split("/").at(-1)?.replace(/\.md$/, "") as string;
    const pushed = await baton(a, "push", "--json");
    expect(JSON.parse(pushed.stdout)).toMatchObject({ remote: "origin", pushed: [id] });
    expect(bare.git("for-each-ref", "--format=%(refname)", "refs/baton")).toBe(
      `refs/baton/handoffs/${id}\n`,
    );
    expect(bare.git("for-each-ref", "refs/heads")).toBe(branchesBefore);

    const pulled = await baton(b, "pull");
    expect(pulled.stderr).toContain("baton: pull origin: 1 new, 0 updated");
    const copy = handoffs(b).get(id);
    expect(copy).toEqual(handoffs(a).get(id));
    expect(checkSignature(copy as Handoff).state).toBe("signed");
    // B's working tree gained the handoff file only; B's branch did not move.
    expect(b.git("status", "--porcelain")).toBe("?? docs/\n");

    // Where it came from: a key B does not trust yet, then Alice once B trusts her.
    const listed = await baton(b, "list", "--all");
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+unknown SHA256:`));
    const line = (await baton(a, "trust", "show")).stdout.trim();
    await baton(b, "trust", "add", line, "--name", "alice");
    expect((await baton(b, "list", "--all")).stdout).toMatch(
      new RegExp(`${id}\\s+alice\\s*$`, "m"),
    );

    // Pulling again changes nothing; pushing from B sends nothing new.
    expect((await baton(b, "pull")).stderr).toContain("0 new, 0 updated");
    expect(JSON.parse((await baton(b, "push", "--json")).stdout).pushed).toEqual([]);
  });

  it("lifecycle changes travel; two machines claiming one handoff keep one claim and lose neither record", async () => {
    const created = await baton(a, "create", "--goal", "Fix the flaky test");
    const id = created.stdout.trim().split("/").at(-1)?.replace(/\.md$/, "") as string;
    await baton(a, "push");
    await baton(b, "pull");
    // Both machines take it, unaware of each other; A first.
    await runInProcess(["resume", id, "--session", "session-a"], {
      cwd: a.dir,
      env: envOf(a),
      now: new Date(Date.now() - 60_000),
    });
    await baton(b, "resume", id, "--session", "session-b");
    expect(handoffs(a).get(id)?.claim?.session).toBe("session-a");
    expect(handoffs(b).get(id)?.claim?.session).toBe("session-b");
    await baton(b, "push");
    const pushedA = await baton(a, "push");
    expect(pushedA.stderr).toMatch(
      /claimed on both sides; session session-a's claim holds, session session-b's/,
    );
    await baton(b, "pull");
    // One answer on both machines: the earlier claim.
    expect(handoffs(a).get(id)?.claim?.session).toBe("session-a");
    expect(handoffs(b).get(id)?.claim?.session).toBe("session-a");
    // Both claims are in the shared history.
    const sessions = history(bare, id).map((h) => h.claim?.session ?? null);
    expect(sessions).toContain("session-a");
    expect(sessions).toContain("session-b");
    expect(sessions[0]).toBeNull();

    // Restored on A travels to B, into B's archive.
    await baton(a, "ack", id, "--session", "session-a");
    await baton(a, "push");
    const pulled = await baton(b, "pull");
    expect(pulled.stderr).toContain("0 new, 1 updated");
    expect(existsSync(join(b.dir, "docs/handoffs/_archive", `${id}.md`))).toBe(true);
    expect(existsSync(join(b.dir, "docs/handoffs", `${id}.md`))).toBe(false);
    expect(handoffs(b).get(id)?.restoredAt).not.toBeNull();
  });

  it("the same id with different documents: each side keeps its own, the other's stays in a ref", async () => {
    // Same day, same topic: the same file name on both machines.
    await baton(a, "create", "--goal", "Machine A's notes", "--topic", "notes");
    await baton(b, "create", "--goal", "Machine B's notes", "--topic", "notes");
    const [id] = [...handoffs(a).keys()];
    await baton(a, "push");
    const pushedB = await baton(b, "push");
    expect(pushedB.stderr).toMatch(/differs from origin's; kept this one/);
    // Both documents are in the shared ref's history.
    const goals = history(bare, id as string).map((h) => h.sections.goal?.text);
    expect(goals).toContain("Machine A's notes");
    expect(goals).toContain("Machine B's notes");
    expect(handoffs(a).get(id as string)?.sections.goal?.text).toBe("Machine A's notes");
    expect(handoffs(b).get(id as string)?.sections.goal?.text).toBe("Machine B's notes");
  });

  it("concurrent pushes from two machines both land; after pulling, both have everything", async () => {
    const shared = await baton(a, "create", "--goal", "Shared work", "--topic", "shared");
    const id = shared.stdout.trim().split("/").at(-1)?.replace(/\.md$/, "") as string;
    await baton(a, "push");
    await baton(b, "pull");
    await baton(a, "create", "--goal", "Only on A", "--topic", "only-a");
    await baton(b, "create", "--goal", "Only on B", "--topic", "only-b");
    // Both change the same handoff too: its ref is contended, not only the folder.
    await runInProcess(["resume", id, "--session", "session-a"], {
      cwd: a.dir,
      env: envOf(a),
      now: new Date(Date.now() - 60_000),
    });
    await baton(b, "resume", id, "--session", "session-b");
    const runs = await Promise.all([
      spawnBaton(["push", "--json"], { cwd: a.dir, env: envOf(a) }),
      spawnBaton(["push", "--json"], { cwd: b.dir, env: envOf(b) }),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    await baton(a, "pull");
    await baton(b, "pull");
    const onA = handoffs(a);
    const onB = handoffs(b);
    expect([...onA.keys()].sort()).toEqual([...onB.keys()].sort());
    expect(onA.size).toBe(3);
    expect(onA.get(id)?.claim?.session).toBe("session-a");
    for (const [key, handoff] of onA) expect(onB.get(key)).toEqual(handoff);
    const remoteRefs = bare
      .git("for-each-ref", "--format=%(refname)", "refs/baton")
      .trim()
      .split("\n");
    expect(remoteRefs).toHaveLength(3);
  });
});

describe("a push that loses the race", { timeout: 180_000 }, () => {
  it("is refused by the remote, fetches the winner's version, merges and pushes again", async () => {
    const created = await baton(a, "create", "--goal", "Race me", "--topic", "race");
    const id = created.stdout.trim().split("/").at(-1)?.replace(/\.md$/, "") as string;
    await baton(a, "push");
    await baton(b, "pull");
    await runInProcess(["resume", id, "--session", "session-a"], {
      cwd: a.dir,
      env: envOf(a),
      now: new Date(Date.now() - 60_000),
    });
    await baton(b, "resume", id, "--session", "session-b");
    // B's git runs pre-push after reading the remote's refs: A's push lands right then,
    // once, so B's first push is refused by the remote.
    const marker = join(b.dir, ".git", "raced");
    b.write(
      ".git/hooks/pre-push",
      `#!/bin/sh
[ -e "${marker}" ] && exit 0
touch "${marker}"
cd "${a.dir}" && XDG_CONFIG_HOME="${configA}" "${NODE_BIN}" "${MAIN_TS}" push >/dev/null 2>&1
exit 0
`,
    );
    chmodSync(join(b.dir, ".git/hooks/pre-push"), 0o755);
    const run = await runInProcess(["push", "--json"], { cwd: b.dir, env: envOf(b) });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(JSON.parse(run.stdout).attempts).toBeGreaterThan(1);
    await baton(a, "pull");
    expect(handoffs(a).get(id)?.claim?.session).toBe("session-a");
    expect(handoffs(b).get(id)?.claim?.session).toBe("session-a");
    const sessions = history(bare, id).map((h) => h.claim?.session ?? null);
    expect(sessions).toEqual(expect.arrayContaining(["session-a", "session-b"]));
  });
});

describe("worktrees of one repository share one handoff folder", () => {
  it("a handoff written in a linked worktree is listed from the main one, and the other way", async () => {
    const main = makeTempRepo({ branch: "main" });
    const linked = join(makeTempDir("baton-wt-"), "wt");
    try {
      main.git("worktree", "add", "-q", "-b", "feature", linked);
      const env = { XDG_CONFIG_HOME: configA };
      const fromLinked = await runInProcess(["create", "--goal", "Written in the worktree"], {
        cwd: linked,
        env,
      });
      expect(fromLinked.code, fromLinked.stderr).toBe(0);
      const fromMain = await runInProcess(["create", "--goal", "Written in main"], {
        cwd: main.dir,
        env,
      });
      expect(fromMain.code, fromMain.stderr).toBe(0);
      const names = readdirSync(join(main.dir, "docs/handoffs")).filter((n) => n.endsWith(".md"));
      expect(names).toHaveLength(2);
      expect(existsSync(join(linked, "docs/handoffs"))).toBe(false);
      for (const cwd of [main.dir, linked]) {
        const listed = await runInProcess(["list", "--json"], { cwd, env });
        const goals = JSON.parse(listed.stdout).handoffs.map((h: { goal: string }) => h.goal);
        expect(goals.sort()).toEqual(["Written in main", "Written in the worktree"]);
      }
    } finally {
      main.cleanup();
      rmSync(join(linked, ".."), { recursive: true, force: true });
    }
  });
});
