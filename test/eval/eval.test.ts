import { describe, expect, it } from "vitest";
import { FIXTURES_ROOT } from "../support/fixtures/fixture-facts.ts";
import {
  EVAL_THRESHOLDS,
  evaluateFixture,
  listFixtureDirs,
  passesThresholds,
} from "./evaluate-fixture.ts";
import { formatEvalTable } from "./format-eval-table.ts";

/** `npm run eval` as part of `npm test`: the same scoring, per recorded scenario. */
const dirs = listFixtureDirs();

describe("eval of the extractive handoff", () => {
  it("has recorded scenarios to score", () => {
    expect(dirs.length).toBeGreaterThan(0);
  });

  it.each(dirs.map((dir) => [dir.slice(FIXTURES_ROOT.length + 1), dir]))(
    "%s clears the thresholds, with the right command, exit code and error line",
    async (_name, dir) => {
      const result = await evaluateFixture(dir);
      const missed = result.facts.filter((f) => !f.found).map((f) => `${f.section}: ${f.fact}`);
      expect(result.factRecall, missed.join("\n")).toBeGreaterThanOrEqual(
        EVAL_THRESHOLDS.factRecall,
      );
      expect(result.files.f1, JSON.stringify(result.files)).toBeGreaterThanOrEqual(
        EVAL_THRESHOLDS.fileF1,
      );
      expect(result.promptTokens).toBeLessThanOrEqual(EVAL_THRESHOLDS.promptTokens);
      const lacking = result.promptFacts
        .filter((f) => !f.found)
        .map((f) => `${f.section}: ${f.fact}`);
      expect(result.promptRecall, lacking.join("\n")).toBeGreaterThanOrEqual(
        EVAL_THRESHOLDS.promptRecall,
      );
      expect(result.validation).toEqual({ command: true, exitCode: true, errorLine: true });
      expect(passesThresholds(result)).toBe(true);
      // The document stays near its target (a short session's is mostly fixed headings).
      expect(result.documentTokens).toBeLessThanOrEqual(2200);
    },
  );

  it("prints one row per scenario and names every miss", async () => {
    const [first] = dirs;
    if (first === undefined) return;
    const result = await evaluateFixture(first);
    const broken = {
      ...result,
      facts: [...result.facts, { fact: "a fact nobody planted", section: "goal", found: false }],
      factRecall: 0.5,
      promptFacts: [...result.promptFacts, { fact: "gpt-9", section: "model", found: false }],
    };
    const table = formatEvalTable([result, broken]).split("\n");
    expect(table[0]).toMatch(/^scenario\s+facts\s+prompt facts\s+file P\/R\/F1\s+validation/);
    const rows = table.filter((line) => line.startsWith(`${result.name} `));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/\syes$/);
    expect(rows[1]).toMatch(/\sNO$/);
    expect(table).toContain(`${result.name}: missed in goal: a fact nobody planted`);
    expect(table).toContain(`${result.name}: prompt lacks model: gpt-9`);
  });
});

describe("coversFact", () => {
  it("matches a fact restated in the handoff's structure, not a different one", async () => {
    const { coversFact } = await import("./fact-coverage.ts");
    const fact =
      "Decision: fix add() itself rather than its callers, because the implementation is wrong.";
    expect(
      coversFact("Fix add() itself rather than its callers the implementation is wrong", fact),
    ).toBe(true);
    expect(coversFact("Fix the callers of add()", fact)).toBe(false);
    expect(coversFact("anything", "")).toBe(true);
  });
});
