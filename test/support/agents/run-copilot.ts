import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { findAgentBin } from "./find-agent-bin.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";

/**
 * Copilot CLI is a devDependency (`@github/copilot`); another version can be tried by
 * naming its binary with `BATON_COPILOT_BIN`. Tests skip, saying so, when it is absent.
 */
export const COPILOT_BIN =
  findAgentBin("BATON_COPILOT_BIN", "copilot", "copilot") ??
  "/tmp/agents-copilot/node_modules/.bin/copilot";
export const COPILOT_VERSION_PINNED = "1.0.102";

/** A model name Copilot knows, so it picks its Anthropic prompt and tool set. */
export const COPILOT_MODEL = "claude-sonnet-4.5";

export function hasCopilot(): boolean {
  return existsSync(COPILOT_BIN);
}

/**
 * The installed version, from the package beside the binary: `copilot --version` would
 * unpack the CLI into the caller's HOME first.
 */
export function copilotVersion(): string {
  const pkg = join(dirname(realpathSync(COPILOT_BIN)), "package.json");
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

export interface CopilotRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  /** Start a new session with this id (`--session-id`). */
  readonly sessionId?: string;
  /** Resume this session (`--resume=<id>`). */
  readonly resume?: string;
  /** Extra command-line arguments, appended after the harness's own. */
  readonly args?: readonly string[];
  /** Extra environment; a value of undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export interface CopilotResult extends ProcessResult {
  readonly sessionId: string | undefined;
  /** `~/.copilot/session-state/<id>/events.jsonl`, when it was written. */
  readonly transcriptPath: string | undefined;
  /** `~/.copilot/session-state/<id>/`. */
  readonly sessionDir: string | undefined;
}

/**
 * Runs the real Copilot CLI once, non-interactively (`copilot -p`), against the scripted
 * model server through its bring-your-own-key provider settings (Anthropic Messages), with
 * every tool allowed to run unattended. See test/support/README.md for what it needs offline.
 */
export async function runCopilot(run: CopilotRun): Promise<CopilotResult> {
  const cwd = run.cwd ?? run.home.repo.dir;
  const args = ["-p", run.prompt, "--allow-all-tools", "--no-color"];
  if (run.sessionId) args.push("--session-id", run.sessionId);
  if (run.resume) args.push(`--resume=${run.resume}`);
  args.push(...(run.args ?? []));
  const env = run.home.env({
    COPILOT_OFFLINE: "true",
    COPILOT_PROVIDER_TYPE: "anthropic",
    COPILOT_PROVIDER_BASE_URL: run.baseUrl,
    COPILOT_PROVIDER_API_KEY: "baton-test-not-a-real-key",
    COPILOT_MODEL,
    COPILOT_ALLOW_ALL: "true",
    ...run.env,
  });
  const processResult = await runAgentProcess({
    command: COPILOT_BIN,
    args,
    cwd,
    env,
    timeoutMs: run.timeoutMs ?? 90_000,
    label: "copilot",
  });
  const sessionId =
    /copilot --resume=([0-9a-f-]{36})/.exec(processResult.stdout + processResult.stderr)?.[1] ??
    run.sessionId ??
    run.resume;
  const sessionDir =
    sessionId === undefined
      ? undefined
      : join(copilotHome(run.home, run.env), "session-state", sessionId);
  const transcript = sessionDir && join(sessionDir, "events.jsonl");
  return {
    ...processResult,
    sessionId,
    sessionDir,
    transcriptPath: transcript && existsSync(transcript) ? transcript : undefined,
  };
}

/** `COPILOT_HOME` wins over `~/.copilot`, as in Copilot itself. */
export function copilotHome(
  home: AgentHome,
  env?: Readonly<Record<string, string | undefined>>,
): string {
  return env?.COPILOT_HOME ?? join(home.home, ".copilot");
}
