import { describe, expect, it } from "vitest";
import { pickErrorLine } from "../../src/summarize/extractive/pick-error-line.ts";

describe("pickErrorLine", () => {
  it("picks the assertion under npm's wrapper noise", () => {
    const output = [
      "> app@1.0.0 test",
      "> node --test",
      "",
      "✖ parses dates (1.2ms)",
      "  AssertionError [ERR_ASSERTION]: DATE-PARSE: expected 2026-01-01",
      "      at TestContext.<anonymous> (file:///app/test/date.test.mjs:6:10)",
      "ℹ tests 4",
      "ℹ fail 1",
      "npm ERR! Test failed.  See above for more details.",
      "npm ERR! code ELIFECYCLE",
    ].join("\n");
    expect(pickErrorLine(output)).toBe(
      "AssertionError [ERR_ASSERTION]: DATE-PARSE: expected 2026-01-01",
    );
  });

  it("picks a TypeScript diagnostic", () => {
    const output =
      "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\nFound 1 error.";
    expect(pickErrorLine(output)).toBe(
      "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
    );
  });

  it("picks vitest's assertion over its FAIL header and tallies", () => {
    const output = [
      " FAIL  test/math.test.ts > add > adds",
      "AssertionError: expected 5 to be 4 // Object.is equality",
      " ❯ test/math.test.ts:5:17",
      " Test Files  1 failed (1)",
      "      Tests  1 failed (1)",
    ].join("\n");
    expect(pickErrorLine(output)).toBe("AssertionError: expected 5 to be 4 // Object.is equality");
  });

  it("picks pytest's error line", () => {
    const output = [
      "=================================== FAILURES ===================================",
      "___________________________________ test_add ___________________________________",
      "    def test_add():",
      ">       assert add(2, 2) == 4",
      "E       assert 5 == 4",
      "tests/test_math.py:4: AssertionError",
      "=========================== short test summary info ============================",
      "FAILED tests/test_math.py::test_add - assert 5 == 4",
    ].join("\n");
    expect(pickErrorLine(output)).toBe("tests/test_math.py:4: AssertionError");
  });

  it("picks a Rust compiler error, not make's exit line", () => {
    const output = [
      "   Compiling app v0.1.0",
      "error[E0308]: mismatched types",
      " --> src/main.rs:4:18",
      "make: *** [Makefile:3: build] Error 101",
    ].join("\n");
    expect(pickErrorLine(output)).toBe("error[E0308]: mismatched types");
  });

  it("falls back to the last meaningful line, and to null without output", () => {
    expect(pickErrorLine("Exit code 3\nchecking…\nconfig mismatch in prod.yml\n")).toBe(
      "config mismatch in prod.yml",
    );
    expect(pickErrorLine("Exit code 1\n")).toBeNull();
    expect(pickErrorLine(null)).toBeNull();
  });

  it("reads past ANSI colours", () => {
    expect(pickErrorLine("\u001b[31mTypeError: x is not a function\u001b[39m")).toBe(
      "TypeError: x is not a function",
    );
  });
});

describe("pickErrorLine on node:test's TAP output inside Codex's wrapper", () => {
  it("picks the message, not the error's name or code", () => {
    const output = [
      "Chunk ID: f356d9",
      "Wall time: 0.3642 seconds",
      "Process exited with code 1",
      "Original token count: 245",
      "Output:",
      "TAP version 13",
      "# Subtest: countWords",
      "not ok 1 - countWords",
      "  ---",
      "  location: '/src/word-count/test/words.test.mjs:5:1'",
      "  failureType: 'testCodeFailure'",
      "  error: |-",
      "    WORDCOUNT-MISMATCH: countWords('one  two') must be 2",
      "    3 !== 2",
      "  code: 'ERR_ASSERTION'",
      "  name: 'AssertionError'",
      "  stack: |-",
      "    TestContext.<anonymous> (file:///src/word-count/test/words.test.mjs:6:10)",
      "  ...",
      "# fail 1",
    ].join("\n");
    expect(pickErrorLine(output)).toBe("WORDCOUNT-MISMATCH: countWords('one  two') must be 2");
  });

  it("unquotes a one-line TAP error", () => {
    expect(pickErrorLine("not ok 1 - x\n  error: 'expected 5 to equal 4'\n")).toBe(
      "expected 5 to equal 4",
    );
  });

  it("gives a place printed on a line of its own with the message after it (dialyzer, in a real session)", () => {
    const output = [
      "No :ignore_warnings opt specified in mix.exs and default does not exist.",
      "Total errors: 2, Skipped: 0, Unnecessary Skips: 0",
      "lib/spotter_web/controllers/otel_trace_helpers.ex:57:13:pattern_match",
      "The pattern can never match the type.",
      "Pattern:",
      ":error",
    ].join("\n");
    expect(pickErrorLine(output)).toBe(
      "The pattern can never match the type. (lib/spotter_web/controllers/otel_trace_helpers.ex:57:13:pattern_match)",
    );
  });
});
