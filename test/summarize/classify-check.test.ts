import { describe, expect, it } from "vitest";
import { classifyCheck, unwrapShell } from "../../src/summarize/extractive/classify-check.ts";

describe("classifyCheck", () => {
  it.each([
    ["npm test", "test"],
    ["pnpm run test -- --watch=false", "test"],
    ["cd api && npx vitest run test/auth", "test"],
    ["node --test", "test"],
    ["node --experimental-strip-types --test test/a.test.ts", "test"],
    ["pytest -x tests/", "test"],
    ["go test ./...", "test"],
    ["cargo test", "test"],
    ["npm run lint", "lint"],
    ["npx biome check src", "lint"],
    ["ruff check .", "lint"],
    ["npx tsc --noEmit", "typecheck"],
    ["mypy src", "typecheck"],
    ["npm run build", "build"],
    ["cargo build --release", "build"],
    ["make", "build"],
    ["node scripts/check-config.mjs", "check"],
    ["./verify.sh", "check"],
    ["npm run ci", "check"],
  ])("%s is a %s", (command, kind) => {
    expect(classifyCheck(command)).toBe(kind);
  });

  it.each([
    "cat test/a.test.ts",
    "ls test",
    "git commit -m 'fix tests'",
    "grep -r vitest .",
    "tsc --version",
    "npm install",
    "node server.js",
  ])("%s is not a check", (command) => {
    expect(classifyCheck(command)).toBeNull();
  });

  it("looks inside Codex's shell wrapper", () => {
    expect(unwrapShell("bash -lc 'npm test'")).toBe("npm test");
    expect(classifyCheck('/bin/bash -lc "cargo test"')).toBe("test");
  });
});
