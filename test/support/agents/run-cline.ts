import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { findAgentBin } from "./find-agent-bin.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";

/**
 * `cline` (`BATON_CLINE_BIN`, or installed under node_modules or /tmp/agents-cline): a native
 * executable (Bun inside) that its package's postinstall links as the bin, run directly.
 */
export const CLINE_BIN = findAgentBin("BATON_CLINE_BIN", "cline", "cline");

export const CLINE_MODEL = "gpt-4o";

export interface ClineRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export interface ClineResult extends ProcessResult {
  /** The newest `~/.cline/data/sessions/<id>/` after the run. */
  readonly sessionId: string | undefined;
  /** Its `<id>.messages.json`. */
  readonly transcriptPath: string | undefined;
}

/** Where Cline keeps its sessions under a home. */
export function clineSessionsDir(home: AgentHome): string {
  return join(home.home, ".cline", "data", "sessions");
}

/**
 * Runs the real Cline CLI once, headless (`cline --json -P openai-compatible -m gpt-4o
 * <prompt>`, tools auto-approved by default), against the scripted model server's Chat
 * Completions endpoint, after `cline auth` has saved that provider with the server as its
 * base URL. `CLINE_SESSION_BACKEND_MODE=local` keeps the session in this process: by default
 * Cline starts a detached hub daemon that outlives the run.
 */
export async function runCline(run: ClineRun): Promise<ClineResult> {
  if (CLINE_BIN === undefined) throw new Error("Cline CLI is not installed");
  const cwd = run.cwd ?? run.home.repo.dir;
  const env = run.home.env({ CLINE_SESSION_BACKEND_MODE: "local", CLINE_NO_AUTO_UPDATE: "1" });
  const auth = await runAgentProcess({
    command: CLINE_BIN,
    args: [
      "auth",
      "-p",
      "openai-compatible",
      "-k",
      "baton-test-key",
      "-m",
      CLINE_MODEL,
      "-b",
      `${run.baseUrl}/v1`,
    ],
    cwd,
    env,
    timeoutMs: 60_000,
    label: "cline auth",
  });
  if (auth.exitCode !== 0) throw new Error(`cline auth exited ${auth.exitCode}: ${auth.stderr}`);
  const result = await runAgentProcess({
    command: CLINE_BIN,
    args: ["--json", "-P", "openai-compatible", "-m", CLINE_MODEL, run.prompt],
    cwd,
    env,
    timeoutMs: run.timeoutMs ?? 90_000,
    label: "cline",
  });
  const dir = clineSessionsDir(run.home);
  let ids: string[] = [];
  try {
    ids = readdirSync(dir);
  } catch {
    // No session written.
  }
  const sessionId = ids
    .map((id) => ({ id, mtime: statSync(join(dir, id)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)[0]?.id;
  return {
    ...result,
    sessionId,
    transcriptPath:
      sessionId === undefined ? undefined : join(dir, sessionId, `${sessionId}.messages.json`),
  };
}

export function clineVersion(): string {
  if (CLINE_BIN === undefined) throw new Error("Cline CLI is not installed");
  const out = execFileSync(CLINE_BIN, ["--version"], { encoding: "utf8" });
  const version = /(\d+\.\d+\.\d+\S*)/.exec(out)?.[1];
  if (!version) throw new Error(`could not read the Cline CLI version from ${out}`);
  return version;
}
