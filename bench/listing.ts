import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { encodeClaudeProjectDir } from "../src/agents/claude-code/paths.ts";
import { buildDist } from "./build-dist.ts";
import { generateClaudeTranscript } from "./generate-claude-transcript.ts";
import { median } from "./median.ts";

/**
 * `baton sessions --all` over a large store, as a whole process: 2,000 Claude Code sessions
 * holding 10 GB in all (BENCH_LISTING_SESSIONS, BENCH_LISTING_GB): ten large transcripts
 * (hard links of one generated transcript, so the disk holds it once) and the rest small
 * (one generated 40 KB transcript, each with its own id and prompts), in 40 project folders. Times the first
 * listing (every session read, the index built), the listing with nothing changed (budget
 * 300 ms) and the listing after one session grew.
 */
const ROOT = resolve(import.meta.dirname, "..");
const NODE = process.execPath;

export async function benchListing(): Promise<Record<string, string | number>[]> {
  const count = Number(process.env.BENCH_LISTING_SESSIONS ?? "2000");
  const gb = Number(process.env.BENCH_LISTING_GB ?? "10");
  const large = Math.min(10, count);
  const work = mkdtempSync(join(tmpdir(), "baton-bench-listing-"));
  const config = join(work, "claude");
  const env = {
    ...process.env,
    HOME: work,
    CLAUDE_CONFIG_DIR: config,
    XDG_STATE_HOME: join(work, "state"),
    XDG_DATA_HOME: join(work, "data"),
    CODEX_HOME: join(work, "codex"),
    NO_COLOR: "1",
  };
  try {
    const folders = Array.from({ length: 40 }, (_, i) => {
      const dir = join(config, "projects", encodeClaudeProjectDir(`/home/bench/project-${i}`));
      mkdirSync(dir, { recursive: true });
      return dir;
    });
    const name = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}.jsonl`;
    const bigPath = join(work, "large.jsonl");
    await generateClaudeTranscript(
      bigPath,
      (gb * 1024 ** 3) / large,
      "/home/bench/project-0",
      "large",
    );
    const smallPath = join(work, "small.jsonl");
    await generateClaudeTranscript(smallPath, 40 * 1024, "/home/bench/project-1", "small");
    const smallText = readFileSync(smallPath, "utf8");
    const paths: string[] = [];
    for (let i = 0; i < count; i++) {
      const path = join(folders[i % folders.length] as string, name(i));
      if (i < large) linkSync(bigPath, path);
      // Each small session its own id and its own prompts, so no row repeats another.
      else
        writeFileSync(
          path,
          smallText
            .replaceAll('"sessionId":"small"', `"sessionId":"small-${i}"`)
            .replaceAll(
              "make the parser handle quoted fields",
              `make parser ${i} handle quoted fields`,
            ),
        );
      paths.push(path);
    }
    const out = buildDist();
    const entry = out === null ? join(ROOT, "src/cli/main.ts") : join(out, "cli/main.js");
    const list = (): number => {
      const start = performance.now();
      const result = spawnSync(NODE, [entry, "sessions", "--all", "--json"], {
        cwd: work,
        env,
        encoding: "utf8",
        maxBuffer: 1 << 30,
      });
      const ms = performance.now() - start;
      if (result.status !== 0)
        throw new Error(`sessions exited ${result.status}: ${result.stderr}`);
      const listed = (JSON.parse(result.stdout) as { sessions: unknown[] }).sessions.length;
      if (listed !== count) throw new Error(`listed ${listed} sessions of ${count}`);
      return ms;
    };
    const cold = list();
    const warm = Array.from({ length: 7 }, list);
    const grown = Array.from({ length: 3 }, (_, i) => {
      appendFileSync(
        paths[large + i] as string,
        `${JSON.stringify({ type: "summary", summary: `grown ${i}` })}\n`,
      );
      return list();
    });
    return [
      {
        sessions: count,
        "GB in all": gb,
        "first listing s": (cold / 1000).toFixed(1),
        "nothing changed ms": Math.round(median(warm)),
        "one session grew ms": Math.round(median(grown)),
        entry: out === null ? "source" : "built",
      },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  console.table(await benchListing());
  console.log("Budget: baton sessions --all with nothing changed ≤ 300 ms (whole process).");
}
