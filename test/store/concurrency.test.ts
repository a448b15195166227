import { chmodSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { openStore } from "../../src/store/open-store.ts";
import { NOBODY, whyNobodyCannotRun } from "../support/nobody.ts";
import { makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { makeNewHandoff } from "./make-handoff.ts";
import { runTogether, spawnWorker, type WorkerResult, waitForExit } from "./spawn-workers.ts";

interface WorkerOutput {
  ok: boolean;
  id?: string;
  path?: string;
  ids?: string[];
  code?: string;
  message?: string;
}

function outputOf(result: WorkerResult): WorkerOutput {
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const line = result.stdout.split("\n").find((l) => l.startsWith("{"));
  return JSON.parse(line ?? "null") as WorkerOutput;
}

let repo: TempRepo;
beforeEach(() => {
  repo = makeTempRepo();
});
afterEach(() => {
  repo.cleanup();
});

describe("concurrent processes", () => {
  it("8 processes creating a handoff on one topic at once make 8 distinct, intact files", async () => {
    const results = await runTogether(
      "store-worker.ts",
      () => ["create", repo.dir, "fix login"],
      8,
    );
    const outputs = results.map(outputOf);
    expect(outputs.every((o) => o.ok)).toBe(true);
    const ids = outputs.map((o) => o.id ?? "").sort();
    expect(new Set(ids).size).toBe(8);
    expect(ids).toEqual(
      ["", "-2", "-3", "-4", "-5", "-6", "-7", "-8"].map((n) => `2026-11-21-fix-login${n}`).sort(),
    );

    const dir = join(repo.dir, "docs/handoffs");
    expect(
      readdirSync(dir)
        .map((name) => name.replace(/\.md$/, ""))
        .sort(),
    ).toEqual(ids);
    const sessions = new Set<string | null>();
    for (const output of outputs) {
      const path = output.path ?? "";
      const handoff = parseDocument(readFileSync(path, "utf8"), { path });
      expect(handoff.id).toBe(output.id);
      sessions.add(handoff.source.sessionId);
    }
    // Each file holds its own writer's handoff, not a copy of another's.
    expect(sessions.size).toBe(8);
    const listed = await openStore({ root: repo.dir, env: {} }).list();
    expect(listed.filter((e) => e.ok)).toHaveLength(8);
  }, 120_000);

  it("of 8 sessions claiming one handoff at once, exactly one wins", async () => {
    const store = openStore({ root: repo.dir, env: {} });
    const { handoff, path } = await store.create(makeNewHandoff());
    const results = await runTogether(
      "store-worker.ts",
      (i) => ["claim", repo.dir, handoff.id, `session-${i}`],
      8,
    );
    const outputs = results.map(outputOf);
    const winners = outputs.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    expect(outputs.filter((o) => !o.ok).map((o) => o.code)).toEqual(Array(7).fill("conflict"));
    const stored = parseDocument(readFileSync(path, "utf8"));
    expect(stored.status).toBe("claimed");
    expect(`session-${outputs.indexOf(winners[0] as WorkerOutput)}`).toBe(stored.claim?.session);
    expect(readdirSync(store.dir)).toEqual([`${handoff.id}.md`]);
  }, 120_000);
});

describe("a writer killed mid-update", () => {
  it("leaves a whole document, and its lock does not block the next writer", async () => {
    const store = openStore({ root: repo.dir, env: {} });
    const { handoff, path } = await store.create(makeNewHandoff());
    for (const delayMs of [50, 120, 200]) {
      const child = spawnWorker("store-worker.ts", ["churn", repo.dir, handoff.id]);
      const exited = waitForExit(child);
      await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
      child.stdin?.end("go\n");
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill("SIGKILL");
      expect((await exited).signal).toBe("SIGKILL");
      const stored = parseDocument(readFileSync(path, "utf8"), { path });
      expect(stored.id).toBe(handoff.id);
      expect(["open", "claimed"]).toContain(stored.status);
    }
    // Waiting for the dead writer's lock to age would exceed this timeout and throw.
    const patient = openStore({
      root: repo.dir,
      env: {},
      lock: { staleMs: 60_000, timeoutMs: 5_000 },
    });
    const taken = await patient.claim(handoff.id, { session: "churn" });
    expect(taken.handoff.claim?.session).toBe("churn");
    expect(readdirSync(store.dir).filter((name) => !name.endsWith(".tmp"))).toEqual([
      `${handoff.id}.md`,
    ]);
  }, 120_000);
});

describe("a read-only handoff folder", () => {
  it("fails with a one-line error naming the folder, and changes or loses nothing", async (context) => {
    const cannot = process.getuid?.() === 0 ? whyNobodyCannotRun() : null;
    if (cannot !== null) return context.skip(cannot);
    const store = openStore({ root: repo.dir, env: {} });
    const { handoff, path } = await store.create(makeNewHandoff());
    const before = readFileSync(path, "utf8");
    // Root ignores permission bits, so as root the workers run as the unprivileged `nobody`.
    const asRoot = process.getuid?.() === 0;
    const user = asRoot ? NOBODY : {};
    for (const folder of [repo.dir, join(repo.dir, "docs")]) chmodSync(folder, 0o755);
    chmodSync(store.dir, 0o555);
    try {
      const [created] = await runTogether(
        "store-worker.ts",
        () => ["create", repo.dir, "x"],
        1,
        user,
      );
      const [claimed] = await runTogether(
        "store-worker.ts",
        () => ["claim", repo.dir, handoff.id, "s-2"],
        1,
        user,
      );
      const [listed] = await runTogether(
        "store-worker.ts",
        () => ["list", repo.dir, "all"],
        1,
        user,
      );
      const createOutput = outputOf(created as WorkerResult);
      expect(createOutput).toMatchObject({ ok: false, code: "io" });
      expect(createOutput.message).toBe(
        `cannot write a handoff to ${store.dir}: permission denied`,
      );
      const claimOutput = outputOf(claimed as WorkerResult);
      expect(claimOutput).toMatchObject({ ok: false, code: "io" });
      expect(claimOutput.message).toContain(store.dir);
      expect(claimOutput.message).toContain("permission denied");
      expect(claimOutput.message).not.toContain("\n");
      expect(outputOf(listed as WorkerResult)).toEqual({ ok: true, ids: [handoff.id] });
    } finally {
      chmodSync(store.dir, 0o755);
    }
    expect(readFileSync(path, "utf8")).toBe(before);
    expect(readdirSync(store.dir)).toEqual([`${handoff.id}.md`]);
  }, 120_000);
});
