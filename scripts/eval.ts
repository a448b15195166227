/**
 * `npm run eval`: the extractive handoff of every recorded fixture scenario, scored against
 * its facts.json. Prints the table; exits 1 when a scenario is under the thresholds (or
 * when there is no fixture to score), 0 otherwise.
 *
 *   node scripts/eval.ts [--size minimal|standard|full] [--show NAME] [--summarize extractive|llm]
 *
 * A second table scores `--summarize llm` on the same scenarios against a scripted model
 * over real HTTP (`test/eval/evaluate-llm.ts`): what was sent, merged and kept, and the
 * fallbacks. `--summarize extractive` leaves it out.
 *
 * `--show NAME` also prints the document and the prompt of the scenarios whose name holds NAME.
 */
import { parseArgs } from "node:util";
import { SIZE_PRESET_NAMES, type SizePreset } from "../src/summarize/extractive/size-presets.ts";
import {
  type EvalResult,
  evaluateFixture,
  listFixtureDirs,
  passesThresholds,
} from "../test/eval/evaluate-fixture.ts";
import { evaluateLlm, type LlmEvalResult } from "../test/eval/evaluate-llm.ts";
import { formatEvalTable } from "../test/eval/format-eval-table.ts";
import { formatLlmTable, passesLlm } from "../test/eval/format-llm-table.ts";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "standard" },
    show: { type: "string" },
    summarize: { type: "string", default: "llm" },
  },
});
const size = values.size as SizePreset;
if (!SIZE_PRESET_NAMES.includes(size)) {
  process.stderr.write(`eval: --size must be one of ${SIZE_PRESET_NAMES.join(", ")}\n`);
  process.exit(2);
}

const dirs = listFixtureDirs();
if (dirs.length === 0) {
  process.stderr.write("eval: no recorded fixture under test/fixtures\n");
  process.exit(1);
}
const results: EvalResult[] = [];
for (const dir of dirs) results.push(await evaluateFixture(dir, size));

process.stdout.write(`${formatEvalTable(results)}\n`);
const llm: LlmEvalResult[] = [];
if (values.summarize === "llm") {
  for (const dir of dirs) llm.push(await evaluateLlm(dir));
  process.stdout.write(`\n${formatLlmTable(llm)}\n`);
}
if (values.show !== undefined) {
  for (const r of results.filter((result) => result.name.includes(values.show as string))) {
    process.stdout.write(`\n===== ${r.name}: document =====\n${r.document}\n`);
    process.stdout.write(`===== ${r.name}: prompt (${r.promptTokens} tokens) =====\n${r.prompt}\n`);
  }
}
process.exit(results.every(passesThresholds) && llm.every(passesLlm) ? 0 : 1);
