import { describe, expect, it } from "vitest";
import { resolveHandoffDir } from "../../src/store/resolve-handoff-dir.ts";

describe("resolveHandoffDir", () => {
  const root = "/repo";

  it("defaults to docs/handoffs under the root", () => {
    expect(resolveHandoffDir(root, undefined, {})).toBe("/repo/docs/handoffs");
  });

  it("takes BATON_DIR, relative to the root or absolute, when no dir is given", () => {
    expect(resolveHandoffDir(root, undefined, { BATON_DIR: ".baton" })).toBe("/repo/.baton");
    expect(resolveHandoffDir(root, undefined, { BATON_DIR: "/var/handoffs" })).toBe(
      "/var/handoffs",
    );
    expect(resolveHandoffDir(root, undefined, { BATON_DIR: "  " })).toBe("/repo/docs/handoffs");
  });

  it("lets an explicit dir win over BATON_DIR", () => {
    expect(resolveHandoffDir(root, "notes/baton", { BATON_DIR: ".baton" })).toBe(
      "/repo/notes/baton",
    );
    expect(resolveHandoffDir(root, "/abs", { BATON_DIR: ".baton" })).toBe("/abs");
  });
});
