// Baselines for the reader's figures, each in a process of its own like parse-session.ts:
// `split` decodes every line, `parse` also JSON.parses it (what a reader without a fast
// path cannot go below).
import { readLines } from "../src/agents/read-lines.ts";

const [mode = "split", path = ""] = process.argv.slice(2);
const start = performance.now();
let lines = 0;
for await (const batch of readLines(path)) {
  if (mode === "parse") for (const line of batch.lines) JSON.parse(line);
  lines += batch.lines.length;
}
const ms = performance.now() - start;
process.stdout.write(
  JSON.stringify({ ms, lines, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
