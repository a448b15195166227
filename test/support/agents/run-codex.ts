import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";

/**
 * The pinned Codex, or another version's binary given in `BATON_CODEX_BIN` (e.g. one
 * installed with `npm install --prefix /tmp/codex-next @openai/codex@latest`).
 */
export const CODEX_BIN =
  process.env.BATON_CODEX_BIN ?? resolve(import.meta.dirname, "../../../node_modules/.bin/codex");

/**
 * A model Codex knows from its bundled catalogue, so it sends its real tool set (freeform
 * `apply_patch` included) instead of a reduced fallback for an unknown name, and prints no
 * "model metadata not found" warning.
 */
export const CODEX_MODEL = "gpt-5.5";

/**
 * The `[model_providers.<id>]` the harness declares, and the name of the profile
 * (`$CODEX_HOME/baton-test.config.toml`, selected with `--profile`) that declares it.
 */
export const CODEX_PROVIDER = "baton-test";

export interface CodexRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  /** Resume a session: its id, or "last" for the most recent one (`codex exec resume`). */
  readonly resume?: string;
  readonly model?: string;
  /** Extra command-line arguments, placed before the prompt. */
  readonly args?: readonly string[];
  /** Extra environment; a value of undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export interface CodexEvent {
  readonly type: string;
  readonly [key: string]: unknown;
}

export interface CodexResult extends ProcessResult {
  /** The `--json` events Codex printed on stdout. */
  readonly events: readonly CodexEvent[];
  /** The thread id (`thread.started`), which is also the rollout's session id. */
  readonly sessionId: string | undefined;
  /** `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<sessionId>.jsonl`, when it was written. */
  readonly transcriptPath: string | undefined;
  /** The text of the last `agent_message` item. */
  readonly lastMessage: string | undefined;
}

/**
 * Runs the real Codex once, non-interactively (`codex exec --json`), against the scripted
 * model server, with approvals and the sandbox off so its tools run unattended.
 */
export async function runCodex(run: CodexRun): Promise<CodexResult> {
  const cwd = run.cwd ?? run.home.repo.dir;
  const codexHome = join(run.home.home, ".codex");
  writeCodexProfile(codexHome, run.baseUrl, run.model ?? CODEX_MODEL);
  // `--profile` belongs to `exec` itself: `exec resume` rejects it after its own name.
  const args = ["exec", "--profile", CODEX_PROVIDER];
  if (run.resume === "last") args.push("resume", "--last");
  else if (run.resume !== undefined) args.push("resume", run.resume);
  args.push(
    "--json",
    "--skip-git-repo-check",
    "--dangerously-bypass-approvals-and-sandbox",
    ...(run.args ?? []),
    run.prompt,
  );
  const processResult = await runAgentProcess({
    command: CODEX_BIN,
    args,
    cwd,
    env: run.home.env({ CODEX_HOME: codexHome, BATON_TEST_API_KEY: "baton-test-key", ...run.env }),
    timeoutMs: run.timeoutMs ?? 60_000,
    label: "codex",
  });
  const events = parseEvents(processResult.stdout);
  const started = events.find((e) => e.type === "thread.started");
  const sessionId =
    typeof started?.thread_id === "string"
      ? started.thread_id
      : run.resume !== "last"
        ? run.resume
        : undefined;
  const messages = events
    .map((e) => e.item as { type?: string; text?: unknown } | undefined)
    .filter((item) => item?.type === "agent_message" && typeof item.text === "string");
  return {
    ...processResult,
    events,
    sessionId,
    transcriptPath:
      sessionId === undefined ? undefined : findRollout(join(codexHome, "sessions"), sessionId),
    lastMessage: messages.at(-1)?.text as string | undefined,
  };
}

/**
 * The harness's settings live in a profile that Codex layers over `$CODEX_HOME/config.toml`,
 * so a test (or `baton install`) can write config.toml, hooks included, without the
 * harness overwriting it.
 *
 * Codex only talks to a custom provider through the Responses API (`wire_api = "chat"` is
 * refused at start-up). Retries are off so a server error fails the run at once. Plugins,
 * apps and the remote plugin catalogue are off: with them on, Codex runs
 * `git ls-remote https://github.com/openai/plugins.git` at start-up. The shell snapshot is
 * off because it runs a login shell before every session, which only costs time here.
 * `update_plan` (Codex's todo list) is only offered in `exec` mode when the config turns it on.
 */
export function writeCodexProfile(codexHome: string, baseUrl: string, model: string): string {
  mkdirSync(codexHome, { recursive: true });
  const path = join(codexHome, `${CODEX_PROVIDER}.config.toml`);
  const toml = `model = ${JSON.stringify(model)}
model_provider = ${JSON.stringify(CODEX_PROVIDER)}
check_for_update_on_startup = false

[model_providers.${CODEX_PROVIDER}]
name = "Scripted model server"
base_url = ${JSON.stringify(`${baseUrl}/v1`)}
wire_api = "responses"
env_key = "BATON_TEST_API_KEY"
request_max_retries = 0
stream_max_retries = 0

[analytics]
enabled = false

[features]
plugins = false
remote_plugin = false
apps = false
shell_snapshot = false

[tools]
update_plan = { enabled = true }
`;
  writeFileSync(path, toml);
  return path;
}

function findRollout(sessionsDir: string, sessionId: string): string | undefined {
  if (!existsSync(sessionsDir)) return undefined;
  const suffix = `-${sessionId}.jsonl`;
  for (const entry of readdirSync(sessionsDir, { recursive: true, encoding: "utf8" })) {
    if (entry.endsWith(suffix)) return join(sessionsDir, entry);
  }
  return undefined;
}

function parseEvents(stdout: string): CodexEvent[] {
  const events: CodexEvent[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === "object" && typeof (value as CodexEvent).type === "string") {
        events.push(value as CodexEvent);
      }
    } catch {
      // Not an event line.
    }
  }
  return events;
}
