import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { encodeClaudeProjectDir } from "../src/agents/claude-code/paths.ts";
import { makeBenchRepo } from "./bench-repo.ts";
import { buildDist } from "./build-dist.ts";
import { failingTestTail } from "./failing-test-tail.ts";
import { generateClaudeTranscript } from "./generate-claude-transcript.ts";
import { median } from "./median.ts";

/**
 * Issue 12's case: a long transcript whose last records hold a new request and a failing
 * test gives a handoff with both, in at most 1.2 times the full parse. For each size of
 * BENCH_HANDOFF_MB (500 by default; `100,500` for two), three interleaved rounds in
 * processes of their own: the full parse as baton reads a large session (the table's `full
 * parse`, bench/parse-session.ts) and `baton create --from claude-code --latest` then
 * `baton show --prompt`, in-process (bench/create-handoff.ts). Run alone with
 * `node bench/handoff.ts`.
 */
const ROOT = resolve(import.meta.dirname, "..");
const NODE = process.execPath;
export const HANDOFF_BUDGET_RATIO = 1.2;

interface Holds {
  request: boolean;
  test: boolean;
  assertion: boolean;
  command: boolean;
}

export async function benchHandoff(
  dist: string | null = buildDist(),
): Promise<Record<string, string | number | boolean>[]> {
  const sizes = (process.env.BENCH_HANDOFF_MB ?? "500").split(",").map(Number);
  const work = mkdtempSync(join(tmpdir(), "baton-bench-handoff-"));
  // The checkout the session ran in: a real repository, as `baton create` finds it.
  const project = join(work, "project");
  makeBenchRepo(project);
  const projectDir = join(work, "claude", "projects", encodeClaudeProjectDir(project));
  mkdirSync(projectDir, { recursive: true });
  const rows: Record<string, string | number | boolean>[] = [];
  try {
    for (const mb of sizes) {
      const id = `00000000-0000-4000-8000-${String(mb).padStart(12, "0")}`;
      const path = join(projectDir, `${id}.jsonl`);
      await generateClaudeTranscript(path, mb * 1024 * 1024, project, id, failingTestTail(project));
      const run = <T>(script: string, ...args: string[]) =>
        JSON.parse(
          execFileSync(NODE, [join(ROOT, "bench", script), ...args, path], {
            encoding: "utf8",
            env: dist === null ? process.env : { ...process.env, BENCH_DIST: dist },
          }),
        ) as T & { ms: number; maxRssMb: number };
      const parse: number[] = [];
      const pipeline: number[] = [];
      const rss: number[] = [];
      const parseRss: number[] = [];
      let document: Holds | null = null;
      let prompt: Holds | null = null;
      let promptTokens = 0;
      for (let round = 0; round < 3; round++) {
        const parsed = run("parse-session.ts", "bounded");
        parse.push(parsed.ms);
        parseRss.push(parsed.maxRssMb);
        const created = run<{ document: Holds; prompt: Holds; promptTokens: number }>(
          "create-handoff.ts",
          project,
        );
        promptTokens = created.promptTokens;
        pipeline.push(created.ms);
        rss.push(created.maxRssMb);
        document = created.document;
        prompt = created.prompt;
      }
      const all = (holds: Holds | null) => holds !== null && Object.values(holds).every(Boolean);
      const missing = (where: string, holds: Holds | null) =>
        holds === null
          ? [where]
          : Object.entries(holds).flatMap(([fact, held]) => (held ? [] : [`${where} ${fact}`]));
      rows.push({
        size: `${(statSync(path).size / 1048576).toFixed(0)} MB`,
        "full parse ms": Math.round(median(parse)),
        "create ms": Math.round(median(pipeline)),
        "÷ full parse": (median(pipeline) / median(parse)).toFixed(2),
        "peak RSS MB": Math.round(Math.max(...rss)),
        "full parse peak RSS MB": Math.round(Math.max(...parseRss)),
        "document holds request, test, assertion, exit 1": all(document),
        "prompt holds them": all(prompt),
        missing: [...missing("document", document), ...missing("prompt", prompt)].join(", ") || "—",
        "prompt tokens": promptTokens,
      });
      rmSync(path);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.main) {
  console.table(await benchHandoff());
  console.log(
    `Budget: the handoff of a transcript ending in a new request and a failing test holds both, in ≤ ${HANDOFF_BUDGET_RATIO}× the full parse.`,
  );
}
