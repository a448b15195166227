import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const made of repos.splice(0)) made.cleanup();
});

const T0 = new Date("2026-11-20T09:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function repo(): TempRepo {
  const r = makeTempRepo();
  repos.push(r);
  return r;
}

async function create(r: TempRepo, args: string[], minutes = 0) {
  const run = await runInProcess(["create", ...args, "--json"], { cwd: r.dir, now: at(minutes) });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { id: string; path: string };
}

const read = (path: string) => parseDocument(readFileSync(path, "utf8"), { path });

describe("looking never claims", () => {
  it("show, show --prompt, list and resume --peek leave the handoff open, byte for byte", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login", "--next", "Add a test"]);
    const before = readFileSync(h.path, "utf8");
    for (const args of [["show"], ["show", "--prompt"], ["list"], ["list", "--json"]]) {
      const run = await runInProcess(args, { cwd: r.dir, now: at(1) });
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
    }
    const peek = await runInProcess(["resume", "--peek"], { cwd: r.dir, now: at(1) });
    expect(peek.code, peek.stderr).toBe(0);
    expect(peek.stdout).toContain("Fix the login");
    expect(peek.stderr).toContain(
      `${h.id} is open, not claimed (--peek); run "baton resume" to take it`,
    );
    expect(readFileSync(h.path, "utf8")).toBe(before);
    // The recipe that used to fail: looking first, then resuming, works.
    const resume = await runInProcess(["resume"], { cwd: r.dir, now: at(2) });
    expect(resume.code, resume.stderr).toBe(0);
    expect(read(h.path).status).toBe("claimed");
  });

  it("show --prompt and resume choose the same handoff: this branch's open one before a newer elsewhere", async () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "feature");
    const mine = await create(r, ["--goal", "Feature work", "--topic", "feature"], 0);
    r.git("checkout", "-q", "main");
    await create(r, ["--goal", "Main work", "--topic", "mainline"], 5);
    r.git("checkout", "-q", "feature");
    const shown = await runInProcess(["show", "--prompt"], { cwd: r.dir, now: at(6) });
    expect(shown.stdout).toContain("Feature work");
    const peek = await runInProcess(["resume", "--peek"], { cwd: r.dir, now: at(6) });
    expect(peek.stdout).toBe(shown.stdout);
    const resume = await runInProcess(["resume", "--json"], { cwd: r.dir, now: at(6) });
    expect(JSON.parse(resume.stdout).id).toBe(mine.id);
  });
});

describe("baton release and resume --force", () => {
  it("a live claim of another session says who holds it, until when, and what to do", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login"]);
    const first = await runInProcess(["resume", "--session", "sess-a"], { cwd: r.dir, now: at(1) });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(
      /claimed .* for session sess-a until 2026-11-20T09:31:00.000Z; run "baton ack" once under way, or "baton release" to give it back/,
    );
    const second = await runInProcess(["resume", h.id, "--session", "sess-b"], {
      cwd: r.dir,
      now: at(2),
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `baton: handoff ${h.id} is claimed by session sess-a until 2026-11-20T09:31:00.000Z; run "baton release ${h.id}" to free it, or "baton resume --force" to take it over\n`,
    );
  });

  it("release returns the claim; the handoff is open for the next session", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login"]);
    await runInProcess(["resume", "--session", "sess-a"], { cwd: r.dir, now: at(1) });
    const release = await runInProcess(["release"], { cwd: r.dir, now: at(2) });
    expect(release.code, release.stderr).toBe(0);
    expect(release.stderr).toContain(`released ${h.id} (claimed by session sess-a)`);
    const doc = read(h.path);
    expect([doc.status, doc.claim]).toEqual(["open", null]);
    const next = await runInProcess(["resume", "--session", "sess-b"], { cwd: r.dir, now: at(3) });
    expect(next.code, next.stderr).toBe(0);
    expect(read(h.path).claim?.session).toBe("sess-b");
    // Releasing what is not claimed says so, and changes nothing.
    await runInProcess(["release", h.id], { cwd: r.dir, now: at(4) });
    const again = await runInProcess(["release", h.id], { cwd: r.dir, now: at(5) });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`baton: handoff ${h.id} is not claimed: it is open\n`);
    const none = await runInProcess(["release"], { cwd: r.dir, now: at(5) });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no claimed handoff to release .* "baton release <id>"/);
  });

  it("resume --force takes over an abandoned claim, saying from whom", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login"]);
    await runInProcess(["resume", "--session", "sess-a"], { cwd: r.dir, now: at(1) });
    const forced = await runInProcess(["resume", "--force", "--session", "sess-b"], {
      cwd: r.dir,
      now: at(5),
    });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("Fix the login");
    expect(forced.stderr).toContain(
      `took over ${h.id} from session sess-a (its claim ran until 2026-11-20T09:31:00.000Z)`,
    );
    const doc = read(h.path);
    expect([doc.status, doc.claim?.session]).toEqual(["claimed", "sess-b"]);
  });

  it("an expired claim is open again: resume takes it without --force", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login"]);
    await runInProcess(["resume", "--session", "sess-a"], { cwd: r.dir, now: at(1) });
    const later = await runInProcess(["resume", "--session", "sess-b"], {
      cwd: r.dir,
      now: at(45),
    });
    expect(later.code, later.stderr).toBe(0);
    expect(read(h.path).claim?.session).toBe("sess-b");
  });

  it("--peek with --force is a usage error", async () => {
    const r = repo();
    await create(r, ["--goal", "x"]);
    const run = await runInProcess(["resume", "--peek", "--force"], { cwd: r.dir });
    expect(run.code).toBe(2);
  });
});
