import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";

/**
 * The pinned Claude Code, or another version's `claude` given in `BATON_CLAUDE_BIN` (e.g.
 * one installed with `npm install --prefix /tmp/claude-next @anthropic-ai/claude-code@latest`).
 */
export const CLAUDE_BIN =
  process.env.BATON_CLAUDE_BIN ?? resolve(import.meta.dirname, "../../../node_modules/.bin/claude");

export interface ClaudeCodeRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  /** Continue the most recent session in `cwd` (`--continue`). */
  readonly continue?: boolean;
  /** Resume this session id (`--resume`). */
  readonly resume?: string;
  /** Start a new session with this id (`--session-id`), so a test can key a script by it. */
  readonly sessionId?: string;
  /** Extra command-line arguments, appended after the harness's own. */
  readonly args?: readonly string[];
  /** Extra environment; a value of undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export interface ClaudeCodeResult extends ProcessResult {
  /** The `--output-format json` result object, when stdout held one. */
  readonly result: Record<string, unknown> | undefined;
  readonly sessionId: string | undefined;
  /** `$CLAUDE_CONFIG_DIR/projects/<encoded cwd>/<session>.jsonl`, when it was written. */
  readonly transcriptPath: string | undefined;
}

/**
 * Runs the real Claude Code once, non-interactively (`claude -p`), against the scripted
 * model server, with tools allowed to run unattended.
 */
export async function runClaudeCode(run: ClaudeCodeRun): Promise<ClaudeCodeResult> {
  const cwd = run.cwd ?? run.home.repo.dir;
  const args = [
    "-p",
    run.prompt,
    "--output-format",
    "json",
    "--permission-mode",
    "bypassPermissions",
  ];
  if (run.continue) args.push("--continue");
  if (run.resume) args.push("--resume", run.resume);
  if (run.sessionId) args.push("--session-id", run.sessionId);
  args.push(...(run.args ?? []));
  const env = run.home.env({
    ANTHROPIC_BASE_URL: run.baseUrl,
    ANTHROPIC_API_KEY: "sk-ant-baton-test-not-a-real-key",
    // bypassPermissions refuses to run as root unless told it is inside a sandbox, which
    // a throwaway HOME and repository behind a dead proxy are; CI containers run as root.
    IS_SANDBOX: "1",
    // Claude Code 2.1.3xx offers neither the task tools nor TodoWrite to `claude -p`
    // ("TaskCreate is disabled for this session") unless told to; 2.1.197 offers them.
    CLAUDE_CODE_ENABLE_TASKS: "1",
    CLAUDE_CODE_ENABLE_TODO_TOOLS: "1",
    ...run.env,
  });
  const processResult = await runAgentProcess({
    command: CLAUDE_BIN,
    args,
    cwd,
    env,
    timeoutMs: run.timeoutMs ?? 45_000,
    label: "claude",
  });
  const result = parseJsonResult(processResult.stdout);
  const sessionId =
    (typeof result?.session_id === "string" ? result.session_id : undefined) ?? run.sessionId;
  return {
    ...processResult,
    result,
    sessionId,
    transcriptPath:
      sessionId === undefined
        ? undefined
        : findTranscript(join(run.home.home, ".claude", "projects"), cwd, sessionId),
  };
}

/** Claude Code's project folder name: every character outside [A-Za-z0-9] becomes "-". */
export function encodeClaudeProjectDir(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, "-");
}

function findTranscript(projects: string, cwd: string, sessionId: string): string | undefined {
  const expected = join(projects, encodeClaudeProjectDir(cwd), `${sessionId}.jsonl`);
  if (existsSync(expected)) return expected;
  // Long paths may be shortened with a hash; look the session up instead of guessing.
  if (!existsSync(projects)) return undefined;
  for (const dir of readdirSync(projects)) {
    const candidate = join(projects, dir, `${sessionId}.jsonl`);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function parseJsonResult(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.trim().split("\n").at(-1);
  if (!line?.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
