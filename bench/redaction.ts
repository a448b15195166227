import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { makeBenchRepo } from "./bench-repo.ts";
import { generateClaudeTranscript } from "./generate-claude-transcript.ts";
import { median } from "./median.ts";

/**
 * Redaction's cost against the capture it is part of, on a generated Claude Code
 * transcript of BENCH_REDACT_MB (100 by default): the PreCompact capture in-process, the
 * redaction of its handoff (what the capture spends on redaction), and the redaction of
 * every byte of the transcript in 1 MB chunks (the worst case: a whole session printed).
 * BENCH_REDACT_BASE=<commit> times that commit's src/safety in the same processes, for a
 * before/after figure. Three rounds in processes of their own, medians.
 */
const ROOT = resolve(import.meta.dirname, "..");
const NODE = process.execPath;

export async function benchRedaction(): Promise<Record<string, string | number>[]> {
  const mb = Number(process.env.BENCH_REDACT_MB ?? "100");
  const base = process.env.BENCH_REDACT_BASE;
  const work = mkdtempSync(join(tmpdir(), "baton-bench-redact-"));
  try {
    const repo = join(work, "repo");
    const state = join(work, "state");
    mkdirSync(state);
    makeBenchRepo(repo);
    const transcript = join(work, "transcript.jsonl");
    await generateClaudeTranscript(
      transcript,
      mb * 1024 * 1024,
      repo,
      "00000000-0000-4000-8000-0000000000bb",
    );

    // The old src/safety under .bench, so its imports resolve to this checkout's packages.
    let oldSafety: string | undefined;
    if (base !== undefined) {
      const folder = join(ROOT, ".bench/base-safety");
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder, { recursive: true });
      const archive = execFileSync("git", ["-C", ROOT, "archive", base, "src/safety"]);
      execFileSync("tar", ["-x", "-C", folder], { input: archive });
      oldSafety = join(folder, "src/safety");
    }

    const rounds: Record<string, number>[] = [];
    for (let round = 0; round < 3; round++) {
      const args = [join(ROOT, "bench/redact-capture.ts"), transcript, repo, state];
      const out = execFileSync(NODE, oldSafety === undefined ? args : [...args, oldSafety], {
        encoding: "utf8",
        maxBuffer: 1024 * 1024,
      });
      rounds.push(JSON.parse(out) as Record<string, number>);
    }
    const m = (key: string) => median(rounds.map((r) => r[key] ?? Number.NaN));
    const capture = m("captureMs");
    const row = (label: string, prefix: string): Record<string, string | number> => {
      const key = (name: string) =>
        prefix === "" ? name : `${prefix}${name[0]?.toUpperCase()}${name.slice(1)}`;
      const handoff = m(key("redactHandoffMs"));
      const whole = m(key("redactTranscriptMs"));
      return {
        code: label,
        "transcript MB": Math.round(statSync(transcript).size / 1048576),
        "capture ms": Math.round(capture),
        "handoff chars": m("handoffChars"),
        "redact handoff ms": handoff.toFixed(2),
        "÷ capture": `${((handoff / capture) * 100).toFixed(2)} %`,
        "redact whole transcript ms": Math.round(whole),
        "whole ÷ capture": `${((whole / capture) * 100).toFixed(0)} %`,
        "masks in transcript": m(key("transcriptMasks")),
      };
    };
    return base === undefined
      ? [row("this tree", "")]
      : [row("this tree", ""), row(`base ${base}`, "old")];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.main) console.table(await benchRedaction());
