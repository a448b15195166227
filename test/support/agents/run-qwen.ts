import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { findAgentBin } from "./find-agent-bin.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";

/** `@qwen-code/qwen-code` (`BATON_QWEN_BIN`, or installed under node_modules or /tmp/agents-qwen). */
export const QWEN_BIN = findAgentBin("BATON_QWEN_BIN", "qwen", "qwen");

export const QWEN_MODEL = "qwen3-coder-plus";

export interface QwenRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  /** Resume a session by id (`--resume`), or "last" for the folder's most recent (`--continue`). */
  readonly resume?: string;
  readonly model?: string;
  /** Extra settings merged over the harness's `~/.qwen/settings.json`. */
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export interface QwenEvent {
  readonly type: string;
  readonly session_id?: string;
  readonly [key: string]: unknown;
}

export interface QwenResult extends ProcessResult {
  /** The `-o json` events (`system` init, `assistant`, `user`, `result`). */
  readonly events: readonly QwenEvent[];
  readonly sessionId: string | undefined;
  /** `~/.qwen/projects/<encoded cwd>/chats/<session id>.jsonl`, when it was written. */
  readonly transcriptPath: string | undefined;
  /** The `result` event's text. */
  readonly result: string | undefined;
}

/**
 * Runs the real Qwen Code once, headless (`qwen --auth-type openai --yolo -o json <prompt>`),
 * against the scripted model server's Chat Completions endpoint, with Node 24.
 */
export async function runQwen(run: QwenRun): Promise<QwenResult> {
  if (QWEN_BIN === undefined) throw new Error("Qwen Code is not installed");
  const cwd = run.cwd ?? run.home.repo.dir;
  writeQwenSettings(join(run.home.home, ".qwen"), run.settings);
  const args = [QWEN_BIN, "--auth-type", "openai", "--yolo", "-o", "json"];
  args.push("-m", run.model ?? QWEN_MODEL);
  if (run.resume === "last") args.push("--continue");
  else if (run.resume !== undefined) args.push("--resume", run.resume);
  args.push(...(run.args ?? []), run.prompt);
  const processResult = await runAgentProcess({
    command: process.execPath,
    args,
    cwd,
    env: run.home.env({
      OPENAI_BASE_URL: `${run.baseUrl}/v1`,
      OPENAI_API_KEY: "baton-test-key",
      OPENAI_MODEL: run.model ?? QWEN_MODEL,
      QWEN_CODE_SUPPRESS_YOLO_WARNING: "1",
      ...run.env,
    }),
    timeoutMs: run.timeoutMs ?? 90_000,
    label: "qwen",
  });
  const events = parseEvents(processResult.stdout);
  const sessionId = events.find((e) => typeof e.session_id === "string")?.session_id;
  const result = events.findLast((e) => e.type === "result")?.result;
  return {
    ...processResult,
    events,
    sessionId,
    transcriptPath:
      sessionId === undefined ? undefined : findChat(join(run.home.home, ".qwen"), sessionId),
    result: typeof result === "string" ? result : undefined,
  };
}

/**
 * `~/.qwen/settings.json` for an offline run: `todo_write` on (off by default in 0.24),
 * the managed auto-memory off (it sends a memory-extraction request after every run),
 * no telemetry, no update checks.
 */
export function writeQwenSettings(
  qwenDir: string,
  extra: Readonly<Record<string, unknown>> = {},
): string {
  mkdirSync(qwenDir, { recursive: true });
  const path = join(qwenDir, "settings.json");
  const existing = existsSync(path)
    ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>)
    : {};
  const settings = {
    ...existing,
    tools: { todoWrite: { enabled: true } },
    memory: { enableManagedAutoMemory: false, enableManagedAutoDream: false },
    telemetry: { enabled: false },
    privacy: { usageStatisticsEnabled: false },
    general: { enableAutoUpdate: false, disableAutoUpdate: true },
    ...extra,
  };
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  return path;
}

export function qwenVersion(): string {
  if (QWEN_BIN === undefined) throw new Error("Qwen Code is not installed");
  const out = execFileSync(process.execPath, [QWEN_BIN, "--version"], { encoding: "utf8" });
  const version = /(\d+\.\d+\.\d+\S*)/.exec(out)?.[1];
  if (!version) throw new Error(`could not read the Qwen Code version from ${out}`);
  return version;
}

function findChat(qwenDir: string, sessionId: string): string | undefined {
  const projects = join(qwenDir, "projects");
  if (!existsSync(projects)) return undefined;
  for (const project of readdirSync(projects)) {
    const path = join(projects, project, "chats", `${sessionId}.jsonl`);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** `-o json` prints one JSON array of events. */
function parseEvents(stdout: string): QwenEvent[] {
  const start = stdout.indexOf("[");
  if (start === -1) return [];
  try {
    const parsed = JSON.parse(stdout.slice(start)) as unknown;
    return Array.isArray(parsed) ? (parsed as QwenEvent[]) : [];
  } catch {
    return [];
  }
}
