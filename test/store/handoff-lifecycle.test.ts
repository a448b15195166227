import { describe, expect, it } from "vitest";
import {
  archiveHandoff,
  claimHandoff,
  DEFAULT_LEASE_MS,
  restoreHandoff,
  supersedeHandoff,
  withLeaseExpiry,
} from "../../src/store/handoff-lifecycle.ts";
import { makeHandoff } from "./make-handoff.ts";

const t0 = new Date("2026-11-21T10:00:00.000Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe("claimHandoff", () => {
  it("claims an open handoff for a session with the default 30-minute lease", () => {
    const claimed = claimHandoff(makeHandoff(), { session: "s-2", agent: "codex" }, t0);
    expect(DEFAULT_LEASE_MS).toBe(30 * 60 * 1000);
    expect(claimed.status).toBe("claimed");
    expect(claimed.claim).toEqual({
      session: "s-2",
      agent: "codex",
      at: "2026-11-21T10:00:00.000Z",
      leaseUntil: "2026-11-21T10:30:00.000Z",
    });
    expect(claimed.restoredAt).toBeNull();
  });

  it("lets the same session claim again, renewing the lease but keeping when it first claimed", () => {
    const first = claimHandoff(makeHandoff(), { session: "s-2" }, t0);
    const again = claimHandoff(first, { session: "s-2", leaseMs: 60_000 }, later(10_000));
    expect(again.claim?.at).toBe(first.claim?.at);
    expect(again.claim?.leaseUntil).toBe(later(70_000).toISOString());
  });

  it("refuses another session while the lease holds, naming the holder", () => {
    const claimed = claimHandoff(makeHandoff(), { session: "s-2" }, t0);
    expect(() => claimHandoff(claimed, { session: "s-3" }, later(60_000))).toThrow(
      expect.objectContaining({ code: "conflict", message: expect.stringContaining("s-2") }),
    );
  });

  it("lets another session take it once the lease has expired", () => {
    const claimed = claimHandoff(makeHandoff(), { session: "s-2", leaseMs: 1_000 }, t0);
    const taken = claimHandoff(claimed, { session: "s-3" }, later(1_000));
    expect(taken.claim?.session).toBe("s-3");
  });

  it("refuses superseded and consumed handoffs", () => {
    const superseded = makeHandoff({ status: "superseded", supersededBy: "2026-11-21-newer" });
    expect(() => claimHandoff(superseded, { session: "s" }, t0)).toThrow(
      expect.objectContaining({ code: "conflict", message: expect.stringContaining("newer") }),
    );
    expect(() => claimHandoff(makeHandoff({ status: "archived" }), { session: "s" }, t0)).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
  });
});

describe("withLeaseExpiry", () => {
  it("reads an expired claim as open and leaves a live one alone", () => {
    const claimed = claimHandoff(makeHandoff(), { session: "s-2", leaseMs: 1_000 }, t0);
    expect(withLeaseExpiry(claimed, later(999))).toBe(claimed);
    expect(withLeaseExpiry(claimed, later(1_000))).toMatchObject({ status: "open", claim: null });
    const open = makeHandoff();
    expect(withLeaseExpiry(open, later(1_000_000))).toBe(open);
  });
});

describe("restore, archive, supersede", () => {
  it("archives a restored handoff with status archived and the restore time kept", () => {
    const claimed = claimHandoff(makeHandoff(), { session: "s-2" }, t0);
    const restored = restoreHandoff(claimed, later(5_000));
    expect(restored).toMatchObject({
      status: "archived",
      restoredAt: later(5_000).toISOString(),
      claim: claimed.claim,
    });
    expect(restoreHandoff(restored, later(9_000)).restoredAt).toBe(restored.restoredAt);
  });

  it("archives without inventing a restore", () => {
    expect(archiveHandoff(makeHandoff())).toMatchObject({ status: "archived", restoredAt: null });
  });

  it("supersedes with the newer id, but not itself or an archived one", () => {
    expect(supersedeHandoff(makeHandoff(), "2026-11-22-fix-login")).toMatchObject({
      status: "superseded",
      supersededBy: "2026-11-22-fix-login",
    });
    expect(() => supersedeHandoff(makeHandoff(), "2026-11-21-fix-login")).toThrow(
      expect.objectContaining({ code: "usage" }),
    );
    expect(() =>
      supersedeHandoff(makeHandoff({ status: "archived" }), "2026-11-22-fix-login"),
    ).toThrow(expect.objectContaining({ code: "conflict" }));
  });
});
