import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { claudeCodeReader } from "../src/agents/claude-code/claude-code-reader.ts";
import { encodeClaudeProjectDir } from "../src/agents/claude-code/paths.ts";
import { generateClaudeTranscript } from "./generate-claude-transcript.ts";

/**
 * `npm run bench`: reader throughput, memory and tail latency on generated transcripts
 * (never committed). Machines here are shared: compare figures within one run.
 * BENCH_SIZES_MB overrides the sizes, e.g. BENCH_SIZES_MB=10,100.
 */
const ROOT = resolve(import.meta.dirname, "..");
const NODE = process.execPath;
const sizes = (process.env.BENCH_SIZES_MB ?? "10,100,1000").split(",").map(Number);
const work = mkdtempSync(join(tmpdir(), "baton-bench-"));
const cwd = "/home/bench/project";
const config = join(work, "claude");
const projectDir = join(config, "projects", encodeClaudeProjectDir(cwd));
mkdirSync(projectDir, { recursive: true });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const rows: Record<string, string | number>[] = [];
try {
  for (const mb of sizes) {
    const id = `00000000-0000-4000-8000-${String(mb).padStart(12, "0")}`;
    const path = join(projectDir, `${id}.jsonl`);
    await generateClaudeTranscript(path, mb * 1024 * 1024, cwd, id);
    const bytes = statSync(path).size;
    const parse = JSON.parse(
      execFileSync(NODE, [join(ROOT, "bench/parse-session.ts"), path], { encoding: "utf8" }),
    );
    const context = { env: { CLAUDE_CONFIG_DIR: config }, homedir: "/nonexistent" };
    const tails: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      await claudeCodeReader.readTail(path, context, { last: 20 });
      tails.push(performance.now() - start);
    }
    const processes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      execFileSync(NODE, [join(ROOT, "src/cli/main.ts"), "read", id, "--last", "20"], {
        env: { ...process.env, CLAUDE_CONFIG_DIR: config, NO_COLOR: "1" },
        stdio: ["ignore", "ignore", "ignore"],
      });
      processes.push(performance.now() - start);
    }
    rows.push({
      size: `${(bytes / 1048576).toFixed(0)} MB`,
      "full parse MB/s": Math.round(bytes / 1048576 / (parse.ms / 1000)),
      "full parse s": (parse.ms / 1000).toFixed(2),
      "peak RSS MB": Math.round(parse.maxRssMb),
      messages: parse.messages,
      "last 20 ms": median(tails).toFixed(1),
      "baton read process ms": Math.round(median(processes)),
    });
    rmSync(path);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
console.log(`baton bench — ${machine}`);
console.table(rows);
console.log(
  "Budgets: full parse ≥ 300 MB/s with memory flat in size; last 20 messages of 1 GB < 50 ms.",
);
mkdirSync(join(ROOT, ".bench"), { recursive: true });
writeFileSync(join(ROOT, ".bench/results.json"), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
