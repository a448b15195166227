import { readFileSync, rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { openStore } from "../../src/store/open-store.ts";
import { makeTempDir } from "../support/temp-repo.ts";
import { makeNewHandoff } from "./make-handoff.ts";

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("store.revise", () => {
  it("rewrites a live handoff's content, keeping its id and lifecycle as the store has them", async () => {
    root = makeTempDir("baton-revise-");
    const store = openStore({ root, now: () => new Date("2026-11-21T10:05:00Z") });
    const { handoff } = await store.create(makeNewHandoff());
    await store.claim(handoff.id, { session: "next-session" });
    const revised = await store.revise(handoff.id, (current) => ({
      ...current,
      id: "something-else",
      status: "open",
      claim: null,
      sections: {
        ...current.sections,
        currentState: [{ text: "Compaction summary: login works", provenance: "claimed" }],
      },
    }));
    const onDisk = parseDocument(readFileSync(revised.path, "utf8"));
    expect(onDisk.id).toBe(handoff.id);
    expect(onDisk.status).toBe("claimed");
    expect(onDisk.claim?.session).toBe("next-session");
    expect(onDisk.sections.currentState).toEqual([
      { text: "Compaction summary: login works", provenance: "claimed" },
    ]);
    expect(onDisk.sections.goal).toEqual(handoff.sections.goal);
  });

  it("refuses an archived handoff, and a change that would not read back, leaving the file as it was", async () => {
    root = makeTempDir("baton-revise-");
    const store = openStore({ root });
    const { handoff, path } = await store.create(makeNewHandoff());
    const before = readFileSync(path, "utf8");
    await expect(
      store.revise(handoff.id, (current) => ({ ...current, topic: "" })),
    ).rejects.toMatchObject({ code: "schema" });
    expect(readFileSync(path, "utf8")).toBe(before);
    const archived = await store.archive(handoff.id);
    await expect(store.revise(handoff.id, (current) => current)).rejects.toThrow(
      `handoff ${handoff.id} is archived`,
    );
    expect(parseDocument(readFileSync(archived.path, "utf8")).status).toBe("archived");
  });
});
