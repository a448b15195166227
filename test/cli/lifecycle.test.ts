import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { SessionState } from "../../src/core/session-state.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const made of repos.splice(0)) made.cleanup();
});

const T0 = new Date("2026-11-20T09:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function create(r: TempRepo, args: string[], minutes: number) {
  const run = await runInProcess(["create", ...args, "--json"], { cwd: r.dir, now: at(minutes) });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { id: string; path: string };
}

function statusOf(path: string) {
  return parseDocument(readFileSync(path, "utf8"), { path }).status;
}

describe("baton list", () => {
  it("shows a table newest first with status, branch, topic, created, age and id", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const a = await create(r, ["--topic", "alpha", "--goal", "first"], 0);
    const b = await create(r, ["--topic", "beta", "--goal", "second"], 5);
    const run = await runInProcess(["list"], { cwd: r.dir, now: at(5 + 3 * 60) });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^STATUS\s+BRANCH\s+TOPIC\s+CREATED\s+AGE\s+ID$/);
    expect(lines[1]).toMatch(
      new RegExp(`^open\\s+main\\s+beta\\s+2026-11-20 09:05\\s+3h\\s+${b.id}$`),
    );
    expect(lines[2]).toMatch(
      new RegExp(`^open\\s+main\\s+alpha\\s+2026-11-20 09:00\\s+3h\\s+${a.id}$`),
    );
    expect(run.stderr).toBe("");
  });

  it("--all adds archived handoffs; --json lists them with schemaVersion", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const a = await create(r, ["--topic", "alpha"], 0);
    await create(r, ["--topic", "beta"], 1);
    expect((await runInProcess(["ack", a.id], { cwd: r.dir })).code).toBe(0);
    const live = JSON.parse((await runInProcess(["list", "--json"], { cwd: r.dir })).stdout);
    expect(live.schemaVersion).toBe(1);
    expect(live.handoffs.map((h: { topic: string }) => h.topic)).toEqual(["beta"]);
    const all = JSON.parse(
      (await runInProcess(["list", "--all", "--json"], { cwd: r.dir })).stdout,
    );
    expect(all.handoffs.map((h: { topic: string; status: string }) => [h.topic, h.status])).toEqual(
      [
        ["beta", "open"],
        ["alpha", "archived"],
      ],
    );
    expect(all.errors).toEqual([]);
    const table = await runInProcess(["list", "--all"], { cwd: r.dir });
    expect(table.stdout).toMatch(/archived\s+main\s+alpha/);
  });

  it("with no handoffs says so on stderr and prints nothing on stdout", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const run = await runInProcess(["list"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("baton: no handoffs in docs/handoffs\n");
    expect(existsSync(join(r.dir, "docs"))).toBe(false);
  });
});

describe("baton show", () => {
  it("prints the newest open handoff's document by default, any one by id prefix", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const a = await create(r, ["--topic", "alpha", "--goal", "Goal A"], 0);
    await create(r, ["--topic", "beta", "--goal", "Goal B"], 1);
    const newest = await runInProcess(["show"], { cwd: r.dir });
    expect(newest.code).toBe(0);
    expect(newest.stdout).toContain("schema: baton/handoff@1");
    expect(newest.stdout).toContain("Goal B");
    const byPrefix = await runInProcess(["show", a.id.slice(0, -2)], { cwd: r.dir });
    expect(byPrefix.stdout).toContain("Goal A");
    // The document as written: rendering is the inverse of parsing.
    expect(byPrefix.stdout).toBe(readFileSync(a.path, "utf8"));
  });

  it("--prompt prints the continuation prompt naming the document; --budget bounds it", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const steps = Array.from({ length: 40 }, (_, i) => [
      "--next",
      `Step ${i}: ${"refactor the module ".repeat(4)}`,
    ]).flat();
    const a = await create(r, ["--goal", "Big job", ...steps], 0);
    const prompt = await runInProcess(["show", "--prompt"], { cwd: r.dir });
    expect(prompt.code).toBe(0);
    expect(prompt.stdout).toContain("Big job");
    expect(prompt.stdout).toContain(`docs/handoffs/${a.id}.md`);
    const small = await runInProcess(["show", "--prompt", "--budget", "120"], { cwd: r.dir });
    expect(small.stdout.length).toBeLessThan(prompt.stdout.length);
    const same = await runInProcess(["show", "--format", "prompt"], { cwd: r.dir });
    expect(same.stdout).toBe(prompt.stdout);
  });

  it("--format session-state prints seed 001's v2.0 JSON; --format json the handoff", async () => {
    const r = makeTempRepo({ branch: "feat/state" });
    repos.push(r);
    r.write("lib/auth.ts", "x\n");
    await create(r, ["--goal", "Implement auth", "--next", "Add provider"], 0);
    const state = await runInProcess(["show", "--format", "session-state"], { cwd: r.dir });
    expect(state.code).toBe(0);
    const parsed = SessionState.parse(JSON.parse(state.stdout));
    expect(parsed.version).toBe("2.0");
    expect(JSON.stringify(parsed)).toContain("Implement auth");
    expect(JSON.stringify(parsed)).toContain("feat/state");
    const json = JSON.parse(
      (await runInProcess(["show", "--format", "json"], { cwd: r.dir })).stdout,
    );
    expect(json.schemaVersion).toBe(1);
    expect(json.handoff.sections.goal.text).toBe("Implement auth");
  });

  it("rejects conflicting or bad flags with exit 2", async () => {
    const r = makeTempRepo();
    repos.push(r);
    await create(r, [], 0);
    for (const args of [
      ["show", "--prompt", "--format", "json"],
      ["show", "--format", "html"],
      ["show", "--budget", "0", "--prompt"],
      ["show", "--budget", "100"],
      ["show", "a", "b"],
    ]) {
      const run = await runInProcess(args, { cwd: r.dir });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr.split("\n").filter(Boolean), args.join(" ")).toHaveLength(1);
    }
  });

  it("an unknown id or no open handoff is a one-line failure", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const none = await runInProcess(["show"], { cwd: r.dir });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^baton: no open handoff in docs\/handoffs/);
    const unknown = await runInProcess(["show", "nope"], { cwd: r.dir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^baton: no handoff matches "nope"/);
  });
});

describe("baton resume and ack", () => {
  it("resume prints the prompt of the branch's newest open handoff and claims it; ack archives it", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const main = await create(r, ["--topic", "on-main", "--goal", "Main work"], 0);
    r.git("checkout", "-q", "-b", "feat/other");
    await create(r, ["--goal", "Other work"], 1);
    r.git("checkout", "-q", "main");
    const run = await runInProcess(["resume", "--session", "sess-1"], { cwd: r.dir, now: at(2) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Main work");
    expect(run.stderr).toContain(`claimed ${main.id} for session sess-1`);
    const doc = parseDocument(readFileSync(main.path, "utf8"));
    expect(doc.status).toBe("claimed");
    expect(doc.claim?.session).toBe("sess-1");

    const ack = await runInProcess(["ack"], { cwd: r.dir, now: at(3) });
    expect(ack.code, ack.stderr).toBe(0);
    const archived = join(r.dir, "docs/handoffs/_archive", `${main.id}.md`);
    expect(ack.stdout.trim()).toBe(`docs/handoffs/_archive/${main.id}.md`);
    expect(existsSync(main.path)).toBe(false);
    const restored = parseDocument(readFileSync(archived, "utf8"));
    expect(restored.status).toBe("archived");
    expect(restored.restoredAt).toBe(at(3).toISOString());
  });

  it("without a TTY takes the newest of several candidates and says which", async () => {
    const r = makeTempRepo();
    repos.push(r);
    await create(r, ["--topic", "one"], 0);
    const two = await create(r, ["--topic", "two"], 1);
    const run = await runInProcess(["resume"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`2 open handoffs on main; taking the newest, ${two.id}`);
    expect(statusOf(two.path)).toBe("claimed");
  });

  it("falls back to the newest open handoff of any branch", async () => {
    const r = makeTempRepo();
    repos.push(r);
    r.git("checkout", "-q", "-b", "feat/a");
    const a = await create(r, ["--goal", "A"], 0);
    r.git("checkout", "-q", "-b", "feat/b");
    const run = await runInProcess(["resume", "--json"], { cwd: r.dir });
    const out = JSON.parse(run.stdout);
    expect(out.schemaVersion).toBe(1);
    expect(out.id).toBe(a.id);
    expect(out.prompt).toContain("A");
    expect(out.claim.session).toMatch(/^cli-4242-\d+$/);
    expect(out.drift).toContain("branch changed: feat/a -> feat/b");
  });

  it("reports drift on stderr: new commits and uncommitted files", async () => {
    const r = makeTempRepo();
    repos.push(r);
    r.write("known.txt", "listed in the handoff\n");
    const h = await create(r, ["--goal", "Drift"], 0);
    for (const name of ["a.txt", "b.txt"]) {
      r.write(name, `${name}\n`);
      r.git("add", name);
      r.git("commit", "-q", "-m", name);
    }
    // known.txt is still uncommitted, but the handoff lists it: only dirty.txt is news.
    r.write("dirty.txt", "3\n");
    const run = await runInProcess(["resume", h.id], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/2 commits since the handoff/);
    expect(run.stderr).toContain(
      "baton: warning: 1 uncommitted file the handoff does not list: dirty.txt",
    );
  });

  it("the session comes from --session, else the environment; another session's claim conflicts", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const h = await create(r, [], 0);
    const first = await runInProcess(["resume", "--json"], {
      cwd: r.dir,
      env: { CLAUDE_CODE_SESSION_ID: "abc" },
    });
    expect(JSON.parse(first.stdout).claim).toMatchObject({ session: "abc", agent: "claude-code" });
    const again = await runInProcess(["resume", h.id], {
      cwd: r.dir,
      env: { BATON_SESSION_ID: "abc" },
    });
    expect(again.code).toBe(0);
    const other = await runInProcess(["resume", h.id, "--session", "xyz"], { cwd: r.dir });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^baton: handoff .* is claimed by session abc/);
  });

  it("ack picks this session's claim over a more recent one of another session", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const mine = await create(r, ["--topic", "mine"], 0);
    const theirs = await create(r, ["--topic", "theirs"], 1);
    await runInProcess(["resume", mine.id, "--session", "me"], { cwd: r.dir, now: at(2) });
    await runInProcess(["resume", theirs.id, "--session", "them"], { cwd: r.dir, now: at(3) });
    const ack = await runInProcess(["ack", "--session", "me", "--json"], {
      cwd: r.dir,
      now: at(4),
    });
    const out = JSON.parse(ack.stdout);
    expect(out).toMatchObject({ schemaVersion: 1, id: mine.id, restoredAt: at(4).toISOString() });
    expect(statusOf(theirs.path)).toBe("claimed");
    const next = await runInProcess(["ack"], { cwd: r.dir, now: at(5) });
    expect(next.stdout.trim()).toBe(`docs/handoffs/_archive/${theirs.id}.md`);
  });

  it("resume and ack with nothing to act on fail with one line", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const resume = await runInProcess(["resume"], { cwd: r.dir });
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(
      /^baton: no open handoff in docs\/handoffs; write one with "baton create"/,
    );
    await create(r, [], 0);
    const ack = await runInProcess(["ack"], { cwd: r.dir });
    expect(ack.code).toBe(1);
    expect(ack.stderr).toMatch(/^baton: no claimed handoff to acknowledge/);
  });
});

describe("--dir, --budget and --verbose on every command", () => {
  it("list, show, resume and ack all read the folder that --dir or BATON_DIR names", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const made = await runInProcess(["create", "--dir", "notes", "--goal", "Elsewhere", "--json"], {
      cwd: r.dir,
      now: T0,
    });
    const { id } = JSON.parse(made.stdout);
    // The default folder is empty; the named one has the handoff.
    expect((await runInProcess(["list"], { cwd: r.dir })).stderr).toContain(
      "no handoffs in docs/handoffs",
    );
    expect((await runInProcess(["list", "--dir", "notes"], { cwd: r.dir })).stdout).toContain(id);
    const env = { BATON_DIR: "notes" };
    expect((await runInProcess(["list"], { cwd: r.dir, env })).stdout).toContain(id);
    expect((await runInProcess(["show", "--dir", "notes"], { cwd: r.dir })).stdout).toContain(
      "Elsewhere",
    );
    const resume = await runInProcess(
      ["--verbose", "resume", "--dir", "notes", "--budget", "150"],
      {
        cwd: r.dir,
      },
    );
    expect(resume.code, resume.stderr).toBe(0);
    expect(resume.stdout).toContain("notes/");
    const ack = await runInProcess(["ack", "--dir", "notes", "--verbose"], { cwd: r.dir });
    expect(ack.code, ack.stderr).toBe(0);
    expect(ack.stdout.trim()).toBe(`notes/_archive/${id}.md`);
  });

  it("resume --budget bounds the prompt", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const steps = Array.from({ length: 30 }, (_, i) => [
      "--next",
      `Step ${i}: ${"migrate the schema ".repeat(5)}`,
    ]).flat();
    const h = await create(r, ["--goal", "Long", ...steps], 0);
    const wide = JSON.parse(
      (await runInProcess(["resume", h.id, "--json", "--session", "s"], { cwd: r.dir })).stdout,
    );
    const narrow = JSON.parse(
      (
        await runInProcess(["resume", h.id, "--json", "--session", "s", "--budget", "120"], {
          cwd: r.dir,
        })
      ).stdout,
    );
    expect(wide.tokens).toBeLessThanOrEqual(400);
    expect(narrow.tokens).toBeLessThanOrEqual(120);
    expect(narrow.trimmed.length).toBeGreaterThan(0);
    expect(narrow.prompt).toContain(`docs/handoffs/${h.id}.md`);
  });
});

describe("without a branch", () => {
  it("in a folder without git: create, list, resume and ack all work, without drift", async () => {
    const dir = makeTempDir();
    const made = await runInProcess(["create", "--goal", "Plain folder", "--json"], {
      cwd: dir,
      now: T0,
    });
    expect(made.code).toBe(0);
    const { id } = JSON.parse(made.stdout);
    expect((await runInProcess(["list"], { cwd: dir, now: T0 })).stdout).toMatch(
      new RegExp(`open\\s+-\\s+plain-folder\\s+2026-11-20 09:00\\s+0s\\s+${id}`),
    );
    const resume = await runInProcess(["resume"], { cwd: dir });
    expect(resume.code).toBe(0);
    expect(resume.stdout).toContain("Plain folder");
    expect(resume.stderr).not.toContain("warning");
    const ack = await runInProcess(["ack"], { cwd: dir });
    expect(ack.stdout.trim()).toBe(`docs/handoffs/_archive/${id}.md`);
  });

  it("on a detached HEAD, resume takes the newest open handoff and says the branch changed", async () => {
    const r = makeTempRepo();
    repos.push(r);
    r.git("checkout", "-q", "-b", "feat/z");
    const h = await create(r, ["--goal", "Zed"], 0);
    r.git("checkout", "-q", "--detach");
    const run = await runInProcess(["resume"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`claimed ${h.id}`);
    expect(run.stderr).toContain("baton: warning: branch changed: feat/z -> (detached)");
  });
});
