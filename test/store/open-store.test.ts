import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { type HandoffStore, openStore } from "../../src/store/open-store.ts";
import { tempPathFor } from "../../src/store/write-file-atomic.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { makeNewHandoff } from "./make-handoff.ts";

let repo: TempRepo;
let clock: Date;
let store: HandoffStore;

beforeEach(() => {
  repo = makeTempRepo();
  clock = new Date("2026-11-21T10:00:00.000Z");
  store = openStore({ root: repo.dir, now: () => clock, env: {} });
});
afterEach(() => {
  repo.cleanup();
});

const minutes = (n: number) => n * 60_000;
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

describe("where handoffs live", () => {
  it("defaults to docs/handoffs under the root and creates it on the first write", async () => {
    expect(store.dir).toBe(join(repo.dir, "docs/handoffs"));
    expect(store.archiveDir).toBe(join(repo.dir, "docs/handoffs/_archive"));
    expect(await store.list()).toEqual([]);
    expect(existsSync(store.dir)).toBe(false);
    const { path } = await store.create(makeNewHandoff());
    expect(path).toBe(join(repo.dir, "docs/handoffs/2026-11-21-fix-login.md"));
  });

  it("takes BATON_DIR, and an explicit dir over it", async () => {
    const fromEnv = openStore({ root: repo.dir, env: { BATON_DIR: ".baton/handoffs" } });
    expect(fromEnv.dir).toBe(join(repo.dir, ".baton/handoffs"));
    const explicit = openStore({ root: repo.dir, dir: "notes", env: { BATON_DIR: ".baton" } });
    expect(explicit.dir).toBe(join(repo.dir, "notes"));
    const { path } = await explicit.create(makeNewHandoff());
    expect(path).toBe(join(repo.dir, "notes/2026-11-21-fix-login.md"));
  });

  it("works outside a git repository", async () => {
    const plain = makeTempDir("baton-plain-");
    try {
      const outside = openStore({ root: plain, env: {} });
      const { handoff } = await outside.create(makeNewHandoff({ branch: null, head: null }));
      expect((await outside.get(handoff.id)).handoff).toEqual(handoff);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe("create", () => {
  it("names the file by date and topic, sets the id to its stem, and writes a parseable document", async () => {
    const input = makeNewHandoff({ topic: "Feature/Login Page" });
    const { handoff, path } = await store.create(input);
    expect(handoff).toEqual({ ...input, id: "2026-11-21-feature-login-page" });
    expect(path.endsWith("/2026-11-21-feature-login-page.md")).toBe(true);
    expect(parseDocument(readFileSync(path, "utf8"), { path })).toEqual(handoff);
    expect(readdirSync(store.dir)).toEqual(["2026-11-21-feature-login-page.md"]);
  });

  it("adds a counter on collision, counting archived names so ids stay unique", async () => {
    const first = await store.create(makeNewHandoff());
    const second = await store.create(makeNewHandoff());
    expect(second.handoff.id).toBe("2026-11-21-fix-login-2");
    await store.archive(first.handoff.id);
    await store.archive(second.handoff.id);
    const third = await store.create(makeNewHandoff());
    expect(third.handoff.id).toBe("2026-11-21-fix-login-3");
    expect(readFileSync(join(store.archiveDir, "2026-11-21-fix-login.md"), "utf8")).toContain(
      "id: 2026-11-21-fix-login",
    );
  });

  it("never overwrites a file that holds the name, even one the store did not write", async () => {
    mkdirSync(store.dir, { recursive: true });
    const foreign = join(store.dir, "2026-11-21-fix-login.md");
    writeFileSync(foreign, "my own notes\n");
    const { handoff } = await store.create(makeNewHandoff());
    expect(handoff.id).toBe("2026-11-21-fix-login-2");
    expect(readFileSync(foreign, "utf8")).toBe("my own notes\n");
  });

  it("rejects an invalid handoff and writes nothing", async () => {
    await expect(store.create(makeNewHandoff({ topic: "" }))).rejects.toMatchObject({
      code: "schema",
      message: expect.stringContaining("topic"),
    });
    expect(existsSync(store.dir)).toBe(false);
  });

  it("cleans temp files a killed writer left long ago, and never lists them", async () => {
    mkdirSync(store.dir, { recursive: true });
    const stale = tempPathFor(join(store.dir, "2026-11-20-old.md"));
    const fresh = tempPathFor(join(store.dir, "2026-11-21-busy.md"));
    writeFileSync(stale, "---\nschema: baton/hand");
    writeFileSync(fresh, "---\nschema: baton/hand");
    const longAgo = new Date(clock.getTime() - minutes(60));
    utimesSync(stale, longAgo, longAgo);
    expect(await store.list({ all: true })).toEqual([]);
    await store.create(makeNewHandoff());
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });
});

describe("list", () => {
  it("shows the newest first by created, then by name", async () => {
    await store.create(makeNewHandoff({ topic: "a", created: "2026-11-21T09:00:00.000Z" }));
    await store.create(makeNewHandoff({ topic: "b", created: "2026-11-21T11:00:00.000Z" }));
    await store.create(makeNewHandoff({ topic: "c", created: "2026-11-21T09:00:00.000Z" }));
    await store.create(makeNewHandoff({ topic: "c", created: "2026-11-21T09:00:00.000Z" }));
    const ids = (await store.list()).map((entry) => entry.id);
    expect(ids).toEqual(["2026-11-21-b", "2026-11-21-c-2", "2026-11-21-c", "2026-11-21-a"]);
  });

  it("adds archived handoffs only with all, marked as archived", async () => {
    const kept = await store.create(makeNewHandoff({ topic: "kept" }));
    const done = await store.create(makeNewHandoff({ topic: "done" }));
    await store.archive(done.handoff.id);
    expect((await store.list()).map((e) => [e.id, e.archived])).toEqual([[kept.handoff.id, false]]);
    const all = await store.list({ all: true });
    expect(all.map((e) => [e.id, e.archived]).sort()).toEqual([
      [done.handoff.id, true],
      [kept.handoff.id, false],
    ]);
    expect(all.find((e) => e.archived)?.path).toBe(join(store.archiveDir, `${done.handoff.id}.md`));
  });

  it("reports a corrupt document with its path and error, and still shows the good ones", async () => {
    const good = await store.create(makeNewHandoff({ topic: "good" }));
    const other = await store.create(makeNewHandoff({ topic: "other" }));
    const broken = join(store.dir, "2026-11-21-broken.md");
    writeFileSync(broken, "---\nschema: baton/handoff@1\nid: [unclosed\n---\n# Goal\n");
    const renamed = join(store.dir, "2026-11-21-renamed.md");
    writeFileSync(renamed, readFileSync(good.path, "utf8"));

    const entries = await store.list();
    const ok = entries.filter((e) => e.ok).map((e) => e.id);
    expect(ok.sort()).toEqual([good.handoff.id, other.handoff.id].sort());
    const failures = entries.flatMap((e) => (e.ok ? [] : [[e.path, e.error.code] as const]));
    expect(failures).toEqual(
      expect.arrayContaining([
        [broken, expect.stringMatching(/^(parse|schema)$/)],
        [renamed, "schema"],
      ]),
    );
    expect(entries.slice(0, 2).every((e) => e.ok)).toBe(true);
    const renamedEntry = entries.find((e) => e.path === renamed);
    expect(renamedEntry?.ok === false && renamedEntry.error.message).toContain(
      "does not match the file name",
    );
  });

  it("still lists live handoffs when the archive folder is missing", async () => {
    const { handoff } = await store.create(makeNewHandoff());
    expect(existsSync(store.archiveDir)).toBe(false);
    expect((await store.list({ all: true })).map((e) => e.id)).toEqual([handoff.id]);
  });
});

describe("get", () => {
  it("finds by exact id, by unique prefix, and in the archive", async () => {
    const login = await store.create(makeNewHandoff({ topic: "login" }));
    const logout = await store.create(makeNewHandoff({ topic: "logout" }));
    const exact = await store.get(login.handoff.id);
    expect(exact).toEqual({
      id: login.handoff.id,
      path: login.path,
      archived: false,
      handoff: login.handoff,
    });
    expect((await store.get("2026-11-21-logo")).id).toBe(logout.handoff.id);
    expect((await store.get(`${login.handoff.id}.md`)).id).toBe(login.handoff.id);
    await store.archive(logout.handoff.id);
    const archived = await store.get(logout.handoff.id);
    expect(archived.archived).toBe(true);
    expect(archived.handoff.status).toBe("archived");
  });

  it("prefers an exact id over the longer ids it prefixes", async () => {
    const first = await store.create(makeNewHandoff());
    await store.create(makeNewHandoff());
    expect((await store.get(first.handoff.id)).id).toBe("2026-11-21-fix-login");
  });

  it("rejects an ambiguous prefix listing the candidates, and reports no match as not-found", async () => {
    await store.create(makeNewHandoff({ topic: "login" }));
    await store.create(makeNewHandoff({ topic: "logout" }));
    await expect(store.get("2026-11-21-log")).rejects.toMatchObject({
      code: "usage",
      message: expect.stringContaining("2026-11-21-login, 2026-11-21-logout"),
    });
    await expect(store.get("2025")).rejects.toMatchObject({ code: "not-found" });
    await expect(store.get("  ")).rejects.toMatchObject({ code: "usage" });
  });

  it("throws a broken file's error naming its path", async () => {
    mkdirSync(store.dir, { recursive: true });
    const broken = join(store.dir, "2026-11-21-broken.md");
    writeFileSync(broken, "not a handoff at all\n");
    await expect(store.get("2026-11-21-broken")).rejects.toMatchObject({
      code: expect.stringMatching(/^(parse|schema)$/),
      message: expect.stringContaining(broken),
    });
  });
});

describe("claim and leases", () => {
  it("claims for a session and writes it to the file, leaving the handoff unconsumed", async () => {
    const { handoff, path } = await store.create(makeNewHandoff());
    const entry = await store.claim(handoff.id, { session: "s-2", agent: "codex" });
    expect(entry.handoff).toMatchObject({
      status: "claimed",
      restoredAt: null,
      claim: { session: "s-2", agent: "codex", leaseUntil: "2026-11-21T10:30:00.000Z" },
    });
    expect(parseDocument(readFileSync(path, "utf8"))).toEqual(entry.handoff);
    expect(entry.archived).toBe(false);
    expect(readdirSync(store.dir)).toEqual([`${handoff.id}.md`]);
  });

  it("refuses a second session, accepts the same one again", async () => {
    const { handoff } = await store.create(makeNewHandoff());
    await store.claim(handoff.id, { session: "s-2" });
    await expect(store.claim(handoff.id, { session: "s-3" })).rejects.toMatchObject({
      code: "conflict",
    });
    advance(minutes(10));
    const again = await store.claim(handoff.id, { session: "s-2" });
    expect(again.handoff.claim?.leaseUntil).toBe("2026-11-21T10:40:00.000Z");
  });

  it("reads an expired claim as open; releaseExpired writes it back", async () => {
    const short = openStore({ root: repo.dir, now: () => clock, env: {}, leaseMs: minutes(5) });
    const { handoff, path } = await short.create(makeNewHandoff());
    const other = await short.create(makeNewHandoff({ topic: "other" }));
    await short.claim(handoff.id, { session: "s-2" });
    await short.claim(other.handoff.id, { session: "s-9", leaseMs: minutes(60) });
    advance(minutes(6));
    expect((await short.get(handoff.id)).handoff).toMatchObject({ status: "open", claim: null });
    expect(readFileSync(path, "utf8")).toContain("s-2");

    const released = await short.releaseExpired();
    expect(released.map((e) => e.id)).toEqual([handoff.id]);
    expect(parseDocument(readFileSync(path, "utf8"))).toMatchObject({
      status: "open",
      claim: null,
    });
    expect((await short.get(other.handoff.id)).handoff.status).toBe("claimed");
    expect(await short.releaseExpired()).toEqual([]);
  });

  it("lets another session claim once the lease has expired", async () => {
    const { handoff } = await store.create(makeNewHandoff());
    await store.claim(handoff.id, { session: "s-2", leaseMs: minutes(1) });
    advance(minutes(2));
    const taken = await store.claim(handoff.id, { session: "s-3" });
    expect(taken.handoff.claim?.session).toBe("s-3");
  });

  it("reports a handoff deleted between list and claim as not-found, and leaves no files", async () => {
    const { handoff, path } = await store.create(makeNewHandoff());
    const [listed] = await store.list();
    rmSync(path);
    await expect(store.claim(listed?.id ?? "", { session: "s-2" })).rejects.toMatchObject({
      code: "not-found",
      message: expect.stringContaining(handoff.id),
    });
    expect(readdirSync(store.dir)).toEqual([]);
  });

  it("is not blocked by the lock file of a process that died mid-update", async () => {
    const { handoff } = await store.create(makeNewHandoff());
    const lock = { pid: 2 ** 22 + 17, host: hostname(), at: new Date().toISOString(), token: "x" };
    writeFileSync(join(store.dir, `.${handoff.id}.lock`), JSON.stringify(lock));
    const claimed = await store.claim(handoff.id, { session: "s-2" });
    expect(claimed.handoff.status).toBe("claimed");
    expect(readdirSync(store.dir)).toEqual([`${handoff.id}.md`]);
  });
});

describe("restore, archive, supersede", () => {
  it("markRestored sets restoredAt and moves the handoff to the archive with status archived", async () => {
    const { handoff, path } = await store.create(makeNewHandoff());
    await store.claim(handoff.id, { session: "s-2" });
    advance(minutes(1));
    const entry = await store.markRestored(handoff.id);
    const archivedPath = join(store.archiveDir, `${handoff.id}.md`);
    expect(entry).toMatchObject({ id: handoff.id, path: archivedPath, archived: true });
    expect(entry.handoff).toMatchObject({
      status: "archived",
      restoredAt: "2026-11-21T10:01:00.000Z",
      claim: { session: "s-2" },
    });
    expect(existsSync(path)).toBe(false);
    expect(parseDocument(readFileSync(archivedPath, "utf8"))).toEqual(entry.handoff);
    expect(await store.list()).toEqual([]);
    // A second acknowledgement (hook and `baton ack` both firing) changes nothing.
    advance(minutes(1));
    expect(await store.markRestored(handoff.id)).toEqual(entry);
  });

  it("refuses to restore a handoff that was archived without being restored", async () => {
    const { handoff } = await store.create(makeNewHandoff());
    await store.archive(handoff.id);
    await expect(store.markRestored(handoff.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses to claim an archived handoff", async () => {
    const { handoff } = await store.create(makeNewHandoff());
    await store.markRestored(handoff.id);
    await expect(store.claim(handoff.id, { session: "s-3" })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("archive keeps restoredAt null and is idempotent", async () => {
    const { handoff } = await store.create(makeNewHandoff());
    const archived = await store.archive(handoff.id);
    expect(archived.handoff).toMatchObject({ status: "archived", restoredAt: null });
    expect(await store.archive(handoff.id)).toEqual(archived);
  });

  it("supersede marks the older handoff with the newer id and requires the newer one to exist", async () => {
    const old = await store.create(makeNewHandoff());
    const newer = await store.create(makeNewHandoff({ parent: old.handoff.id }));
    await expect(store.supersede(old.handoff.id, "2026-11-21-nope")).rejects.toMatchObject({
      code: "not-found",
    });
    const entry = await store.supersede(old.handoff.id, newer.handoff.id);
    expect(entry.handoff).toMatchObject({ status: "superseded", supersededBy: newer.handoff.id });
    expect(parseDocument(readFileSync(old.path, "utf8")).status).toBe("superseded");
    await expect(store.claim(old.handoff.id, { session: "s" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(newer.handoff.id),
    });
  });

  it("finishes a move to the archive that was killed between link and unlink", async () => {
    const { handoff, path } = await store.create(makeNewHandoff());
    mkdirSync(store.archiveDir);
    linkSync(path, join(store.archiveDir, `${handoff.id}.md`));
    expect((await store.list({ all: true })).map((e) => [e.id, e.archived])).toEqual([
      [handoff.id, true],
    ]);
    const archived = await store.archive(handoff.id);
    expect(archived.archived).toBe(true);
    expect(existsSync(path)).toBe(false);
  });
});

describe("bad ids", () => {
  it("refuses ids that could name a file outside the handoff folder", async () => {
    const { handoff } = await store.create(makeNewHandoff());
    for (const id of ["../../README", ".hidden", "a/b", ""]) {
      await expect(store.claim(id, { session: "s" })).rejects.toMatchObject({ code: "usage" });
    }
    await expect(store.archive("../docs")).rejects.toMatchObject({ code: "usage" });
    expect((await store.get(handoff.id)).handoff.status).toBe("open");
  });

  it("refuses a claim without a session id and leaves the handoff open", async () => {
    const { handoff, path } = await store.create(makeNewHandoff());
    await expect(store.claim(handoff.id, { session: " " })).rejects.toMatchObject({
      code: "usage",
    });
    expect(parseDocument(readFileSync(path, "utf8"))).toEqual(handoff);
  });
});

describe("bad folders", () => {
  it("names the path when the handoff folder is a file, and leaves the file alone", async () => {
    mkdirSync(join(repo.dir, "docs"));
    const file = join(repo.dir, "docs/handoffs");
    writeFileSync(file, "not a folder\n");
    const expected = {
      code: "store",
      message: `the handoff folder ${file} is a file, not a folder`,
    };
    await expect(store.create(makeNewHandoff())).rejects.toMatchObject(expected);
    await expect(store.list()).rejects.toMatchObject(expected);
    await expect(store.claim("2026-11-21-fix-login", { session: "s" })).rejects.toMatchObject(
      expected,
    );
    expect(readFileSync(file, "utf8")).toBe("not a folder\n");
  });

  it("names the path when the archive folder is a file, and loses nothing", async () => {
    const { handoff, path } = await store.create(makeNewHandoff());
    writeFileSync(store.archiveDir, "in the way\n");
    await expect(store.markRestored(handoff.id)).rejects.toMatchObject({
      code: "store",
      message: expect.stringContaining(store.archiveDir),
    });
    await expect(store.list({ all: true })).rejects.toMatchObject({ code: "store" });
    expect(parseDocument(readFileSync(path, "utf8"))).toEqual(handoff);
  });

  it("creates a missing archive folder when archiving", async () => {
    const { handoff } = await store.create(makeNewHandoff());
    expect(existsSync(store.archiveDir)).toBe(false);
    await store.markRestored(handoff.id);
    expect(readdirSync(store.archiveDir)).toEqual([`${handoff.id}.md`]);
  });
});
