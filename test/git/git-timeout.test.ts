import { describe, expect, it } from "vitest";
import { gitTimeoutMs } from "../../src/git/git-timeout.ts";

describe("gitTimeoutMs", () => {
  it("takes BATON_GIT_TIMEOUT_MS when it is a positive whole number", () => {
    expect(gitTimeoutMs({ BATON_GIT_TIMEOUT_MS: "20000" }, 2000)).toBe(20000);
  });

  it("keeps the caller's default when it is unset, empty, zero, negative or not a number", () => {
    for (const given of [undefined, "", "0", "-5", "1.5", "soon"]) {
      expect(gitTimeoutMs({ BATON_GIT_TIMEOUT_MS: given }, 2000)).toBe(2000);
    }
    expect(gitTimeoutMs(undefined, 5000)).toBe(5000);
  });
});
