import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { findAgentBin } from "./find-agent-bin.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";
import { newestSession } from "./run-continue.ts";

/** `@nanocollective/nanocoder` (`BATON_NANOCODER_BIN`, or under node_modules or /tmp/agents-nanocoder). */
export const NANOCODER_BIN = findAgentBin("BATON_NANOCODER_BIN", "nanocoder", "nanocoder");

export const NANOCODER_MODEL = "gpt-4o";

export interface NanocoderRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export interface NanocoderResult extends ProcessResult {
  /** The newest `~/.local/share/nanocoder/sessions/<id>.json` after the run. */
  readonly sessionId: string | undefined;
  readonly transcriptPath: string | undefined;
}

/** Where Nanocoder keeps its sessions under a home (`$XDG_DATA_HOME/nanocoder/sessions`). */
export function nanocoderSessionsDir(home: AgentHome): string {
  return join(home.home, ".local", "share", "nanocoder", "sessions");
}

/**
 * Runs the real Nanocoder once (`nanocoder run <prompt>` in yolo mode) against the scripted
 * model server, configured as an OpenAI-compatible provider in `agents.config.json`.
 * Only its Ink runtime saves the session (`--no-plain`), and Ink wants a terminal: the run
 * gets a pseudo-terminal from util-linux `script`. `run` cannot resume a session, so every
 * run is a session of its own.
 */
export async function runNanocoder(run: NanocoderRun): Promise<NanocoderResult> {
  if (NANOCODER_BIN === undefined) throw new Error("Nanocoder is not installed");
  const configDir = join(run.home.home, ".config", "nanocoder");
  mkdirSync(configDir, { recursive: true });
  writeFileSync(
    join(configDir, "agents.config.json"),
    `${JSON.stringify({
      nanocoder: {
        providers: [
          {
            name: "baton-test",
            baseUrl: `${run.baseUrl}/v1`,
            apiKey: "baton-test-key",
            models: [NANOCODER_MODEL],
          },
        ],
      },
    })}\n`,
  );
  const command = [
    process.execPath,
    NANOCODER_BIN,
    "--provider",
    "baton-test",
    "--model",
    NANOCODER_MODEL,
    "--mode",
    "yolo",
    "--trust-directory",
    "--no-plain",
    "run",
    run.prompt,
  ]
    .map(shellQuote)
    .join(" ");
  const result = await runAgentProcess({
    command: "script",
    args: ["-qec", command, "/dev/null"],
    cwd: run.cwd ?? run.home.repo.dir,
    env: run.home.env({ TERM: "xterm-256color", NANOCODER_DATA_DIR: undefined }),
    timeoutMs: run.timeoutMs ?? 90_000,
    label: "nanocoder",
  });
  return { ...result, ...newestSession(nanocoderSessionsDir(run.home)) };
}

const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

export function nanocoderVersion(): string {
  if (NANOCODER_BIN === undefined) throw new Error("Nanocoder is not installed");
  const out = execFileSync(process.execPath, [NANOCODER_BIN, "--version"], { encoding: "utf8" });
  const version = /(\d+\.\d+\.\d+\S*)/.exec(out)?.[1];
  if (!version) throw new Error(`could not read the Nanocoder version from ${out}`);
  return version;
}
