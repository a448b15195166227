import { describe, expect, it } from "vitest";
import { emptySections } from "../../src/core/handoff.ts";
import { parseSectionsMarkdown } from "../../src/core/parse-document.ts";
import { normalizeText } from "../../src/summarize/extractive/normalize-text.ts";
import { buildSummaryPrompt } from "../../src/summarize/llm/summary-prompt.ts";
import { FIXTURES_ROOT } from "../support/fixtures/fixture-facts.ts";
import { echoModel, evaluateLlm } from "./evaluate-llm.ts";
import { formatLlmTable, passesLlm } from "./format-llm-table.ts";

/** The `--summarize llm` column of `npm run eval`, on one recorded scenario. */
const DIR = `${FIXTURES_ROOT}/claude-code/2.1.197/fix-off-by-one`;

describe("eval of the llm summary source", () => {
  it("measures what was sent, carried and kept, and every fallback, over HTTP", async () => {
    const result = await evaluateLlm(DIR);
    expect(result.requestRecall).toBe(1);
    expect(result.inputTokens).toBeGreaterThan(0);
    expect(result.inputTokens).toBeLessThanOrEqual(result.inputBudget);
    expect(result.factRecall).toBeGreaterThanOrEqual(0.9);
    expect(result.parentCarried).toBe(result.parentItems);
    expect(result.repeats).toBe(0);
    expect(result.verifiedKept).toBe(true);
    expect(result.fallbacks).toEqual({ ok: 3, tried: 3, failed: [] });
    expect(passesLlm(result)).toBe(true);
    const table = formatLlmTable([result, { ...result, repeats: 2 }]).split("\n");
    expect(table.filter((line) => line.startsWith(result.name))).toHaveLength(2);
    expect(table.find((line) => line.startsWith(result.name))).toMatch(/\syes$/);
    expect(table.filter((line) => line.startsWith(result.name))[1]).toMatch(/\sNO$/);
  });

  it("scripts a careless model: its answer repeats items, so zero repeats is baton's doing", async () => {
    const goal = { text: "Ship the parser", provenance: "claimed" as const };
    const step = { text: "Tag the release", provenance: "claimed" as const };
    const prompt = await buildSummaryPrompt({
      sections: { ...emptySections(), goal, nextSteps: [step] },
      parent: { id: "p", sections: { ...emptySections(), nextSteps: [step] } },
      session: null,
      env: {},
      maxInputTokens: 4_000,
    });
    if (!prompt.ok) throw new Error(prompt.reason);
    const answer = parseSectionsMarkdown(echoModel(prompt.prompt));
    const steps = (answer.nextSteps ?? []).map((fact) => normalizeText(fact.text));
    expect(steps).toEqual([normalizeText(step.text), normalizeText(step.text)]);
  });
});
