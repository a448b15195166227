import { EVAL_THRESHOLDS, type EvalResult, passesThresholds } from "./evaluate-fixture.ts";

const HEADERS = [
  "scenario",
  "facts",
  "prompt facts",
  "file P/R/F1",
  "validation",
  "session tok",
  "doc tok",
  "ratio",
  "prompt tok",
  "ok",
];

/** The eval's table, one row per scenario, then the thresholds and each miss spelled out. */
export function formatEvalTable(results: readonly EvalResult[]): string {
  const rows = results.map((r) => {
    const found = r.facts.filter((f) => f.found).length;
    const v = r.validation;
    return [
      r.name,
      `${found}/${r.facts.length} ${r.factRecall.toFixed(2)}`,
      `${r.promptFacts.filter((f) => f.found).length}/${r.promptFacts.length} ${r.promptRecall.toFixed(2)}`,
      `${r.files.precision.toFixed(2)}/${r.files.recall.toFixed(2)}/${r.files.f1.toFixed(2)}`,
      `${mark(v.command)}cmd ${mark(v.exitCode)}exit ${mark(v.errorLine)}error`,
      String(r.sessionTokens),
      String(r.documentTokens),
      r.compression.toFixed(2),
      String(r.promptTokens),
      passesThresholds(r) ? "yes" : "NO",
    ];
  });
  const out = alignTable(HEADERS, rows);
  out.push(
    "",
    `thresholds: fact recall >= ${EVAL_THRESHOLDS.factRecall} (document), ${EVAL_THRESHOLDS.promptRecall} (prompt), file F1 >= ${EVAL_THRESHOLDS.fileF1}, prompt <= ${results[0]?.promptBudget ?? EVAL_THRESHOLDS.promptTokens} tokens`,
  );
  for (const r of results) {
    for (const f of r.facts) if (!f.found) out.push(`${r.name}: missed in ${f.section}: ${f.fact}`);
    for (const f of r.promptFacts) {
      if (!f.found) out.push(`${r.name}: prompt lacks ${f.section}: ${f.fact}`);
    }
    for (const path of r.files.missing) out.push(`${r.name}: file missing: ${path}`);
    for (const path of r.files.extra) out.push(`${r.name}: file not expected: ${path}`);
  }
  return out.join("\n");
}

/** Columns padded to their widest cell, under the headers and a rule. */
export function alignTable(headers: readonly string[], rows: readonly string[][]): string[] {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function mark(ok: boolean): string {
  return ok ? "+" : "-";
}
