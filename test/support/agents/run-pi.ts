import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";

/**
 * Pi is a devDependency (`@earendil-works/pi-coding-agent`); another version can be tried by
 * installing it into a folder of its own (`npm install --prefix /tmp/pi-x
 * @earendil-works/pi-coding-agent@<version>`) and naming that folder with `BATON_PI_DIR`.
 * Pi needs Node ≥ 22.19, so it runs under the project's pinned Node, not whatever `node` is
 * on PATH.
 */
const PROJECT_DIR = resolve(import.meta.dirname, "../../..");
const PI_DIRS = process.env.BATON_PI_DIR
  ? [process.env.BATON_PI_DIR]
  : [PROJECT_DIR, "/tmp/agents-pi"];
/** The CLI of the current package, or of the one it was published as until 0.73.1. */
export const PI_CLI = PI_DIRS.flatMap((dir) => [
  join(dir, "node_modules", "@earendil-works", "pi-coding-agent", "dist", "bundle", "cli.js"),
  join(dir, "node_modules", "@mariozechner", "pi-coding-agent", "dist", "cli.js"),
]).find((path) => existsSync(path)) as string;
export const PI_VERSION_PINNED = "1.6.0";
const NODE_BIN = resolve(import.meta.dirname, "../../../node_modules/.bin/node");

/** The provider and model the harness declares in `models.json`. */
export const PI_PROVIDER = "baton-test";
export const PI_MODEL = "scripted-model";

export function hasPi(): boolean {
  return PI_CLI !== undefined;
}

export interface PiRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  /** The prompt; ignored with `compact`. */
  readonly prompt: string;
  /**
   * Compact the session instead of prompting: Pi's print mode sends `/compact` to the model
   * as text, so this runs `--mode rpc` with one `{"type":"compact"}` command on stdin (stdin is
   * closed once Pi answers it: closing it earlier cancels the compaction).
   */
  readonly compact?: boolean;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  /**
   * Start a new session with this id (`--session-id`, since 1.x). Without it (and without
   * `session`), the session is the file the run created.
   */
  readonly sessionId?: string;
  /** Continue this session (`--session <id>`). */
  readonly session?: string;
  /** The model's context window in tokens (default 200 000): Pi compacts near it. */
  readonly contextWindow?: number;
  /** Extra command-line arguments, placed before the prompt. */
  readonly args?: readonly string[];
  /** Extra environment; a value of undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export interface PiResult extends ProcessResult {
  readonly sessionId: string | undefined;
  /** `~/.pi/agent/sessions/--<cwd>--/<time>_<id>.jsonl`, when it was written. */
  readonly transcriptPath: string | undefined;
}

/**
 * Runs the real Pi once in print mode (`pi --print`) against the scripted model server,
 * declared as a `models.json` provider speaking Anthropic Messages. Pi runs its tools
 * (read, bash, edit, write) without asking.
 */
export async function runPi(run: PiRun): Promise<PiResult> {
  const cwd = run.cwd ?? run.home.repo.dir;
  const agentDir = piAgentDir(run.home);
  writePiModels(agentDir, run.baseUrl, run.contextWindow ?? 200_000);
  const args = [PI_CLI, ...(run.compact ? ["--mode", "rpc"] : ["--print"])];
  args.push("--model", `${PI_PROVIDER}/${PI_MODEL}`);
  if (run.sessionId) args.push("--session-id", run.sessionId);
  if (run.session) args.push("--session", run.session);
  args.push(...(run.args ?? []));
  // `--` before a prompt that starts with "-" (0.73 rejects `--` anywhere).
  if (!run.compact) args.push(...(run.prompt.startsWith("-") ? ["--"] : []), run.prompt);
  const processResult = await runAgentProcess({
    command: NODE_BIN,
    args,
    cwd,
    env: run.home.env({
      PI_OFFLINE: "1",
      PI_SKIP_VERSION_CHECK: "1",
      PI_TELEMETRY: "0",
      ...run.env,
    }),
    timeoutMs: run.timeoutMs ?? 60_000,
    label: "pi",
    ...(run.compact
      ? {
          input: `${JSON.stringify({ type: "compact" })}\n`,
          closeStdinWhen: (stdout: string) => stdout.includes('"command":"compact"'),
        }
      : {}),
  });
  const sessionsDir = join(agentDir, "sessions");
  const sessionId = run.sessionId ?? run.session ?? newestPiSession(sessionsDir);
  return {
    ...processResult,
    sessionId,
    transcriptPath: sessionId === undefined ? undefined : findPiSession(sessionsDir, sessionId),
  };
}

export function piAgentDir(home: AgentHome): string {
  return join(home.home, ".pi", "agent");
}

/**
 * The harness's provider. Pi reads `models.json` from its agent folder only, so the
 * harness writes it there; `settings.json` stays the test's.
 */
export function writePiModels(agentDir: string, baseUrl: string, contextWindow: number): string {
  mkdirSync(agentDir, { recursive: true });
  const path = join(agentDir, "models.json");
  const models = {
    providers: {
      [PI_PROVIDER]: {
        name: "Scripted model server",
        baseUrl,
        api: "anthropic-messages",
        apiKey: "baton-test-not-a-real-key",
        models: [
          {
            id: PI_MODEL,
            name: "Scripted model",
            contextWindow,
            maxTokens: 8192,
            cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
          },
        ],
      },
    },
  };
  writeFileSync(path, `${JSON.stringify(models, null, 2)}\n`);
  return path;
}

/** The id of the session file written last (`<time>_<id>.jsonl`; the time sorts). */
function newestPiSession(sessionsDir: string): string | undefined {
  if (!existsSync(sessionsDir)) return undefined;
  const names = readdirSync(sessionsDir, { recursive: true, encoding: "utf8" })
    .map((entry) => basename(entry))
    .filter((name) => name.endsWith(".jsonl"))
    .sort();
  const newest = names.at(-1);
  return newest?.slice(newest.indexOf("_") + 1, -".jsonl".length);
}

function findPiSession(sessionsDir: string, sessionId: string): string | undefined {
  if (!existsSync(sessionsDir)) return undefined;
  const suffix = `_${sessionId}.jsonl`;
  for (const entry of readdirSync(sessionsDir, { recursive: true, encoding: "utf8" })) {
    if (entry.endsWith(suffix)) return join(sessionsDir, entry);
  }
  return undefined;
}
