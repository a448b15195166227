import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { findAgentBin } from "./find-agent-bin.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";

/** `@google/gemini-cli` (`BATON_GEMINI_BIN`, or installed under node_modules or /tmp/agents-gemini). */
export const GEMINI_BIN = findAgentBin("BATON_GEMINI_BIN", "gemini", "gemini");

/** A model Gemini CLI knows, so it applies its real context window and tool set. */
export const GEMINI_MODEL = "gemini-2.5-pro";

export interface GeminiRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  /** Resume a session: its id, or "latest" (`--resume`). */
  readonly resume?: string;
  readonly model?: string;
  /** Extra settings merged over the harness's `~/.gemini/settings.json`. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra command-line arguments, placed before the prompt. */
  readonly args?: readonly string[];
  /** Extra environment; a value of undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export interface GeminiResult extends ProcessResult {
  /** `-o json` output: `{session_id, response, stats}` or `{session_id, error}`. */
  readonly output: { session_id?: string; response?: string; error?: { message?: string } } | null;
  readonly sessionId: string | undefined;
  /** `~/.gemini/tmp/<project>/chats/session-<time>-<id prefix>.jsonl`, when it was written. */
  readonly transcriptPath: string | undefined;
}

/**
 * Runs the real Gemini CLI once, non-interactively (`gemini -p … --yolo -o json`), against
 * the scripted model server, with Node 24 (the node running the tests).
 */
export async function runGemini(run: GeminiRun): Promise<GeminiResult> {
  if (GEMINI_BIN === undefined) throw new Error("Gemini CLI is not installed");
  const cwd = run.cwd ?? run.home.repo.dir;
  writeGeminiSettings(join(run.home.home, ".gemini"), run.settings);
  const args = [GEMINI_BIN, "-p", run.prompt, "--yolo", "-o", "json"];
  args.push("-m", run.model ?? GEMINI_MODEL);
  if (run.resume !== undefined) args.push("--resume", run.resume);
  args.push(...(run.args ?? []));
  const processResult = await runAgentProcess({
    command: process.execPath,
    args,
    cwd,
    env: run.home.env({
      GOOGLE_GEMINI_BASE_URL: run.baseUrl,
      GEMINI_API_KEY: "baton-test-key",
      GEMINI_CLI_TRUST_WORKSPACE: "true",
      ...run.env,
    }),
    timeoutMs: run.timeoutMs ?? 90_000,
    label: "gemini",
  });
  const output = parseOutput(processResult.stdout);
  const sessionId = output?.session_id;
  return {
    ...processResult,
    output,
    sessionId,
    transcriptPath:
      sessionId === undefined ? undefined : findChat(join(run.home.home, ".gemini"), sessionId),
  };
}

/**
 * `~/.gemini/settings.json` for an offline run. With `GOOGLE_GEMINI_BASE_URL` alone Gemini
 * CLI picks its "gateway" auth, which non-interactive mode refuses ("Invalid auth method
 * selected."); `gemini-api-key` auth with `GEMINI_API_KEY` still honours the base URL.
 * Folder trust off (else yolo falls back to "default" approvals), no update checks, no
 * usage statistics or telemetry.
 */
export function writeGeminiSettings(
  geminiDir: string,
  extra: Readonly<Record<string, unknown>> = {},
): string {
  mkdirSync(geminiDir, { recursive: true });
  const path = join(geminiDir, "settings.json");
  const existing = existsSync(path)
    ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>)
    : {};
  const settings = {
    ...existing,
    security: { auth: { selectedType: "gemini-api-key" }, folderTrust: { enabled: false } },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
    telemetry: { enabled: false },
    privacy: { usageStatisticsEnabled: false },
    ...extra,
  };
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  return path;
}

export function geminiVersion(): string {
  if (GEMINI_BIN === undefined) throw new Error("Gemini CLI is not installed");
  const out = execFileSync(process.execPath, [GEMINI_BIN, "--version"], { encoding: "utf8" });
  const version = /(\d+\.\d+\.\d+\S*)/.exec(out)?.[1];
  if (!version) throw new Error(`could not read the Gemini CLI version from ${out}`);
  return version;
}

/** The chat file whose first record names the session. */
function findChat(geminiDir: string, sessionId: string): string | undefined {
  const tmp = join(geminiDir, "tmp");
  if (!existsSync(tmp)) return undefined;
  for (const project of readdirSync(tmp)) {
    const chats = join(tmp, project, "chats");
    if (!existsSync(chats)) continue;
    for (const name of readdirSync(chats)) {
      if (!name.startsWith("session-") || !name.endsWith(`-${sessionId.slice(0, 8)}.jsonl`))
        continue;
      const first = readFileSync(join(chats, name), "utf8").split("\n")[0] ?? "";
      if (first.includes(sessionId)) return join(chats, name);
    }
  }
  return undefined;
}

function parseOutput(stdout: string): GeminiResult["output"] {
  const start = stdout.indexOf("{");
  if (start === -1) return null;
  try {
    return JSON.parse(stdout.slice(start)) as GeminiResult["output"];
  } catch {
    return null;
  }
}
