import type { LlmEvalResult } from "./evaluate-llm.ts";
import { alignTable } from "./format-eval-table.ts";

const HEADERS = [
  "scenario (--summarize llm)",
  "sent facts",
  "in tok/budget",
  "facts",
  "parent open",
  "repeats",
  "verified kept",
  "fallback",
  "ok",
];

/** Whether the llm source kept its promises on a scenario: nothing lost, nothing twice. */
export function passesLlm(r: LlmEvalResult): boolean {
  return (
    r.inputTokens <= r.inputBudget &&
    r.parentCarried === r.parentItems &&
    r.repeats === 0 &&
    r.verifiedKept &&
    r.fallbacks.ok === r.fallbacks.tried
  );
}

/** The llm column of the eval: one row per scenario, then each failed fallback named. */
export function formatLlmTable(results: readonly LlmEvalResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.requestRecall.toFixed(2),
    `${r.inputTokens}/${r.inputBudget}`,
    r.factRecall.toFixed(2),
    `${r.parentCarried}/${r.parentItems}`,
    String(r.repeats),
    r.verifiedKept ? "yes" : "NO",
    `${r.fallbacks.ok}/${r.fallbacks.tried}`,
    passesLlm(r) ? "yes" : "NO",
  ]);
  const out = alignTable(HEADERS, rows);
  out.push(
    "",
    "scripted echo model over HTTP; fallback: HTTP 500, a malformed answer, an input over budget, each expected to leave exactly the extractive sections with a note",
  );
  for (const r of results) {
    for (const label of r.fallbacks.failed) out.push(`${r.name}: no clean fallback on ${label}`);
  }
  return out.join("\n");
}
