import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { claudeCodeReader } from "../src/agents/claude-code/claude-code-reader.ts";
import { encodeClaudeProjectDir } from "../src/agents/claude-code/paths.ts";
import { buildDist } from "./build-dist.ts";
import { generateClaudeTranscript } from "./generate-claude-transcript.ts";
import { benchHandoff, HANDOFF_BUDGET_RATIO } from "./handoff.ts";
import { benchHooks } from "./hooks.ts";
import { benchListing } from "./listing.ts";
import { median } from "./median.ts";
import { benchRedaction } from "./redaction.ts";

/**
 * `npm run bench`: reader throughput, memory and tail latency on generated transcripts
 * (never committed). Machines here are shared: compare figures within one run.
 * BENCH_SIZES_MB overrides the sizes, e.g. BENCH_SIZES_MB=10,100; BENCH_HANDOFF_MB the
 * handoff case's (500 by default).
 */
const ROOT = resolve(import.meta.dirname, "..");
const NODE = process.execPath;
const sizes = (process.env.BENCH_SIZES_MB ?? "10,100,500,1000").split(",").map(Number);
const work = mkdtempSync(join(tmpdir(), "baton-bench-"));
const cwd = "/home/bench/project";
const config = join(work, "claude");
const projectDir = join(config, "projects", encodeClaudeProjectDir(cwd));
mkdirSync(projectDir, { recursive: true });

// Parses run the built tree (what an installed package runs), when it builds.
const dist = buildDist();
const rows: Record<string, string | number>[] = [];
try {
  for (const mb of sizes) {
    const id = `00000000-0000-4000-8000-${String(mb).padStart(12, "0")}`;
    const path = join(projectDir, `${id}.jsonl`);
    await generateClaudeTranscript(path, mb * 1024 * 1024, cwd, id);
    const bytes = statSync(path).size;
    // Each figure in processes of its own (so peak memory is its own), three rounds
    // interleaved, medians: the machine is shared. Baselines from the same rounds: every
    // line decoded (split), and every line JSON.parsed.
    const run = (script: string, ...args: string[]) =>
      JSON.parse(
        execFileSync(NODE, [join(ROOT, "bench", script), ...args, path], {
          encoding: "utf8",
          env: dist === null ? process.env : { ...process.env, BENCH_DIST: dist },
        }),
      ) as { ms: number; maxRssMb: number; messages?: number };
    const rounds = {
      parse: [] as number[],
      rss: [] as number[],
      thread: [] as number[],
      threadRss: [] as number[],
      split: [] as number[],
      json: [] as number[],
    };
    let messages = 0;
    for (let round = 0; round < 3; round++) {
      const parse = run("parse-session.ts", "bounded");
      rounds.parse.push(parse.ms);
      rounds.rss.push(parse.maxRssMb);
      messages = parse.messages ?? 0;
      const thread = run("parse-session.ts", "thread");
      rounds.thread.push(thread.ms);
      rounds.threadRss.push(thread.maxRssMb);
      rounds.split.push(run("baseline-parse.ts", "split").ms);
      rounds.json.push(run("baseline-parse.ts", "parse").ms);
    }
    const mbPerS = (ms: number[]) => bytes / 1048576 / (median(ms) / 1000);
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
      "full parse MB/s": Math.round(mbPerS(rounds.parse)),
      "full parse s": (median(rounds.parse) / 1000).toFixed(2),
      "peak RSS MB": Math.round(Math.max(...rounds.rss)),
      "main-thread parse MB/s": Math.round(mbPerS(rounds.thread)),
      "main-thread peak RSS MB": Math.round(Math.max(...rounds.threadRss)),
      "line split MB/s": Math.round(mbPerS(rounds.split)),
      "JSON.parse MB/s": Math.round(mbPerS(rounds.json)),
      "÷ JSON.parse": (mbPerS(rounds.parse) / mbPerS(rounds.json)).toFixed(2),
      messages,
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
  "Budgets: full parse ≥ 300 MB/s; peak RSS ≤ 150 MB at 500 MB and 1 GB; last 20 messages of 1 GB < 50 ms.",
);
console.log(
  "Medians of 3 interleaved rounds. line split / JSON.parse: every line decoded / parsed, for scale.",
);

// `baton create --from` on a transcript ending in a new request and a failing test, against
// the full parse (bench/handoff.ts).
const handoff = await benchHandoff(dist);
console.table(handoff);
console.log(
  `Budget: the handoff holds the latest request and the failing test (name, assertion, exit 1), in ≤ ${HANDOFF_BUDGET_RATIO}× the full parse.`,
);
// The Claude Code hooks' whole processes, node start included (bench/hooks.ts).
const hooks = await benchHooks();
console.table(hooks);
console.log("Budgets: session-start hook < 150 ms; pre-compaction capture of 100 MB < 1 s.");
// baton sessions --all over 2,000 sessions and 10 GB (bench/listing.ts).
const listing = await benchListing();
console.table(listing);
console.log("Budget: baton sessions --all with nothing changed ≤ 300 ms (whole process).");
// Redaction against the capture it is part of (bench/redaction.ts).
const redaction = await benchRedaction();
console.table(redaction);
console.log(
  "Budget: redaction < 10% of the capture. `whole transcript`: every byte redacted, the worst case.",
);
mkdirSync(join(ROOT, ".bench"), { recursive: true });
writeFileSync(
  join(ROOT, ".bench/results.json"),
  `${JSON.stringify({ machine, rows, handoff, hooks, listing, redaction }, null, 2)}\n`,
);
