import { execFileSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { findAgentBin } from "./find-agent-bin.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";

/** `@continuedev/cli` (`BATON_CONTINUE_BIN`, or installed under node_modules or /tmp/agents-continue). */
export const CONTINUE_BIN = findAgentBin("BATON_CONTINUE_BIN", "cn", "continue");

export const CONTINUE_MODEL = "gpt-4o";

export interface ContinueRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  /** Continue the folder's most recent session (`--resume`; Continue takes no id for it). */
  readonly resume?: boolean;
  readonly timeoutMs?: number;
}

export interface ContinueResult extends ProcessResult {
  /** The newest `~/.continue/sessions/<id>.json` after the run. */
  readonly sessionId: string | undefined;
  readonly transcriptPath: string | undefined;
}

/** Where Continue keeps its sessions under a home (`~/.continue/sessions`). */
export function continueSessionsDir(home: AgentHome): string {
  return join(home.home, ".continue", "sessions");
}

/**
 * Runs the real Continue CLI once, headless (`cn -p --auto --config <file> <prompt>`),
 * against the scripted model server's Chat Completions endpoint: its config names one
 * model of the `openai` provider whose `apiBase` is the server. No hub, no login.
 */
export async function runContinue(run: ContinueRun): Promise<ContinueResult> {
  if (CONTINUE_BIN === undefined) throw new Error("Continue CLI is not installed");
  const config = join(run.home.home, "baton-continue.yaml");
  writeFileSync(
    config,
    [
      "name: baton-test",
      "version: 1.0.0",
      "schema: v1",
      "models:",
      "  - name: baton-test-model",
      "    provider: openai",
      `    model: ${CONTINUE_MODEL}`,
      `    apiBase: ${run.baseUrl}/v1`,
      "    apiKey: baton-test-key",
      "    roles: [chat, edit, apply]",
      "",
    ].join("\n"),
  );
  const args = [CONTINUE_BIN, "--config", config, "-p", "--auto"];
  if (run.resume) args.push("--resume");
  args.push(run.prompt);
  const result = await runAgentProcess({
    command: process.execPath,
    args,
    cwd: run.cwd ?? run.home.repo.dir,
    env: run.home.env({ CONTINUE_GLOBAL_DIR: undefined }),
    timeoutMs: run.timeoutMs ?? 90_000,
    label: "continue",
  });
  const newest = newestSession(continueSessionsDir(run.home));
  return { ...result, ...newest };
}

/** The most recently written session file of a sessions folder (the index left aside). */
export function newestSession(dir: string): {
  sessionId: string | undefined;
  transcriptPath: string | undefined;
} {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json") && name !== "sessions.json");
  } catch {
    return { sessionId: undefined, transcriptPath: undefined };
  }
  const newest = names
    .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)[0];
  if (newest === undefined) return { sessionId: undefined, transcriptPath: undefined };
  return {
    sessionId: newest.name.slice(0, -".json".length),
    transcriptPath: join(dir, newest.name),
  };
}

export function continueVersion(): string {
  if (CONTINUE_BIN === undefined) throw new Error("Continue CLI is not installed");
  const out = execFileSync(process.execPath, [CONTINUE_BIN, "--version"], { encoding: "utf8" });
  const version = /(\d+\.\d+\.\d+\S*)/.exec(out)?.[1];
  if (!version) throw new Error(`could not read the Continue CLI version from ${out}`);
  return version;
}
