import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseDocument } from "../src/core/parse-document.ts";
import { cacheHandoffPrompt } from "../src/integrations/claude-code/cache-prompt.ts";
import { openStore } from "../src/store/open-store.ts";
import { makeBenchRepo } from "./bench-repo.ts";
import { buildDist } from "./build-dist.ts";
import { generateClaudeTranscript } from "./generate-claude-transcript.ts";
import { median } from "./median.ts";

/**
 * Whole-process times of the Claude Code hooks, node start included, as Claude Code runs
 * them: the session-start hook (budget 150 ms) and the pre-compaction capture of a 100 MB
 * transcript (budget 1 s). Run alone with `node bench/hooks.ts`; BENCH_HOOK_MB overrides
 * the transcript size. Measures the source entry, and the built one when `dist` has it.
 */
const ROOT = resolve(import.meta.dirname, "..");
const NODE = process.execPath;
const SESSION = "00000000-0000-4000-8000-0000000000aa";
const PILED_HANDOFFS = Number(process.env.BENCH_PILED_HANDOFFS ?? "5000");

/**
 * CPU time (user + system) of the children this process has waited for, from
 * /proc/self/stat (Linux; 10 ms ticks): on a shared, loaded machine the wall time of a
 * short process says more about the neighbours than about the process.
 */
function childCpuMs(): number | null {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

export async function benchHooks(): Promise<Record<string, string | number>[]> {
  const mb = Number(process.env.BENCH_HOOK_MB ?? "100");
  const work = mkdtempSync(join(tmpdir(), "baton-bench-hooks-"));
  const repo = join(work, "repo");
  const env = {
    ...process.env,
    HOME: work,
    XDG_STATE_HOME: join(work, "state"),
    CLAUDE_CONFIG_DIR: join(work, "claude"),
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
  };
  makeBenchRepo(repo);
  const transcript = join(work, "claude", "projects", "bench", `${SESSION}.jsonl`);
  mkdirSync(join(work, "claude", "projects", "bench"), { recursive: true });
  await generateClaudeTranscript(transcript, mb * 1024 * 1024, repo, SESSION);

  // What `baton install claude-code` puts into the settings of an installed package: node
  // and the built hooks' entry. Built here, so the figures are of this source tree; the
  // source entry pays for node's type stripping on top.
  const out = buildDist();
  const entries: [string, string][] = [];
  if (out !== null) entries.push(["built", join(out, "cli/hook-main.js")]);
  entries.push(["source", join(ROOT, "src/cli/hook-main.ts")]);
  const rows: Record<string, string | number>[] = [];
  try {
    for (const [label, entry] of entries) {
      const cpu: Record<string, number[]> = {};
      const run = (event: string, input: Record<string, unknown>, tag = ""): number => {
        const startCpu = childCpuMs();
        const start = performance.now();
        const result = spawnSync(NODE, [entry, "claude-code", event], {
          cwd: repo,
          env,
          input: JSON.stringify({ cwd: repo, hook_event_name: event, ...input }),
          encoding: "utf8",
        });
        const ms = performance.now() - start;
        if (result.status !== 0)
          throw new Error(`${event} exited ${result.status}: ${result.stderr}`);
        const endCpu = childCpuMs();
        const key = `${event}${typeof input.source === "string" ? `(${input.source})` : ""}${tag}`;
        if (startCpu !== null && endCpu !== null) {
          cpu[key] = [...(cpu[key] ?? []), endCpu - startCpu];
        }
        return ms;
      };
      const log = join(work, "state", "baton", "hooks.log");

      const capture = [1, 2, 3].map(() =>
        run("PreCompact", { session_id: SESSION, transcript_path: transcript, trigger: "auto" }),
      );
      const afterCompact = Array.from({ length: 9 }, () =>
        run("SessionStart", { session_id: SESSION, source: "compact" }),
      );
      // Startup claims what it injects, so each run gets a fresh open handoff, made here.
      const store = openStore({ root: repo, env });
      const [newest] = readdirSync(store.dir)
        .filter((name) => name.endsWith(".md"))
        .sort()
        .reverse();
      const template = parseDocument(readFileSync(join(store.dir, newest as string), "utf8"));
      const startup: number[] = [];
      for (let i = 0; i < 9; i++) {
        const { handoff, path } = await store.create({
          ...template,
          status: "open",
          supersededBy: null,
          created: new Date().toISOString(),
        });
        cacheHandoffPrompt(handoff, path, repo, env);
        startup.push(
          run("SessionStart", { session_id: `startup-${label}-${i}`, source: "startup" }),
        );
      }
      // The same start-up with 5,000 handoffs in the folder (superseded ones pile up on a
      // long-lived branch): budget 150 ms at that size too.
      const templateText = readFileSync(join(store.dir, newest as string), "utf8");
      for (let i = 0; i < PILED_HANDOFFS; i++) {
        const id = `2026-11-01-000000-piled-${String(i).padStart(5, "0")}`;
        writeFileSync(
          join(store.dir, `${id}.md`),
          templateText
            .replace(/^id: .*$/m, `id: ${id}`)
            .replace(/^status: .*$/m, "status: superseded"),
        );
      }
      const piled: number[] = [];
      for (let i = 0; i < 9; i++) {
        const { handoff, path } = await store.create({
          ...template,
          status: "open",
          supersededBy: null,
          created: new Date().toISOString(),
        });
        cacheHandoffPrompt(handoff, path, repo, env);
        piled.push(
          run("SessionStart", { session_id: `piled-${label}-${i}`, source: "startup" }, "piled"),
        );
      }
      const quiet = Array.from({ length: 9 }, () =>
        run("UserPromptSubmit", { session_id: "nobody", prompt: "hi" }),
      );
      if (existsSync(log)) throw new Error(`a hook logged an error: ${readFileSync(log, "utf8")}`);
      rows.push({
        entry: label,
        "PreCompact ms": Math.round(median(capture)),
        "transcript MB": mb,
        "SessionStart(compact) ms": Math.round(median(afterCompact)),
        "SessionStart(startup) ms": Math.round(median(startup)),
        [`SessionStart(startup), ${PILED_HANDOFFS} handoffs ms`]: Math.round(median(piled)),
        "UserPromptSubmit ms": Math.round(median(quiet)),
      });
      rows.push({
        entry: `${label} (cpu)`,
        "PreCompact ms": median(cpu.PreCompact ?? [Number.NaN]),
        "transcript MB": mb,
        "SessionStart(compact) ms": median(cpu["SessionStart(compact)"] ?? [Number.NaN]),
        "SessionStart(startup) ms": median(cpu["SessionStart(startup)"] ?? [Number.NaN]),
        [`SessionStart(startup), ${PILED_HANDOFFS} handoffs ms`]: median(
          cpu["SessionStart(startup)piled"] ?? [Number.NaN],
        ),
        "UserPromptSubmit ms": median(cpu.UserPromptSubmit ?? [Number.NaN]),
      });
      rmSync(store.dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.main) {
  console.table(await benchHooks());
  console.log(
    "Budgets: SessionStart under 150 ms; PreCompact of a 100 MB transcript under 1 s (wall, node start included). The (cpu) rows are user + system time, for loaded machines.",
  );
}
