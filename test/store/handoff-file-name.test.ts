import { describe, expect, it } from "vitest";
import {
  datePartOf,
  isHandoffFileName,
  makeHandoffStem,
  stemOf,
} from "../../src/store/handoff-file-name.ts";

describe("handoff file names", () => {
  const now = new Date("2026-11-21T10:00:00Z");

  it("takes the day as written in created, so a local offset names the local day", () => {
    expect(datePartOf("2026-11-20T23:30:00-05:00", now)).toBe("2026-11-20");
    expect(datePartOf("2026-01-02T03:04:05.000Z", now)).toBe("2026-01-02");
    expect(datePartOf("yesterday", now)).toBe("2026-11-21");
  });

  it("numbers the second and later handoffs of a topic on a day", () => {
    expect(makeHandoffStem("2026-11-21", "Fix login", 1)).toBe("2026-11-21-fix-login");
    expect(makeHandoffStem("2026-11-21", "Fix login", 2)).toBe("2026-11-21-fix-login-2");
    expect(makeHandoffStem("2026-11-21", "修复", 3)).toBe("2026-11-21-handoff-3");
  });

  it("lists only visible markdown files, not the store's temp and lock files", () => {
    expect(isHandoffFileName("2026-11-21-x.md")).toBe(true);
    expect(isHandoffFileName(".2026-11-21-x.md.123.abc.tmp")).toBe(false);
    expect(isHandoffFileName(".2026-11-21-x.lock")).toBe(false);
    expect(isHandoffFileName(".hidden.md")).toBe(false);
    expect(isHandoffFileName("notes.txt")).toBe(false);
    expect(stemOf("2026-11-21-x-2.md")).toBe("2026-11-21-x-2");
  });
});
