import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { type ProcessResult, runAgentProcess } from "./run-agent-process.ts";

const NODE_MODULES = resolve(import.meta.dirname, "../../../node_modules");
export const OPENCODE_BIN = join(NODE_MODULES, ".bin", "opencode");

/** The provider and model the harness declares; OpenCode names models `<provider>/<model>`. */
export const OPENCODE_PROVIDER = "baton-test";
export const OPENCODE_MODEL = "scripted-model";

export interface OpenCodeRun {
  readonly home: AgentHome;
  /** The model server's base URL (`ModelServer.url`). */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Defaults to the home's repository. */
  readonly cwd?: string;
  /** Continue this session (`--session`), or "last" for the most recent one (`--continue`). */
  readonly session?: string;
  /** Session title (`--title`); a session created with a title gets no title request. */
  readonly title?: string;
  /**
   * The model's context window in tokens (default 200 000). OpenCode compacts a session on
   * its own when a turn's usage nears it, so a small window makes a test compact.
   */
  readonly contextLimit?: number;
  /** Extra command-line arguments, placed before the prompt. */
  readonly args?: readonly string[];
  /** Extra environment; a value of undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export interface OpenCodeEvent {
  readonly type: string;
  readonly sessionID?: string;
  readonly part?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface OpenCodeResult extends ProcessResult {
  /** The `--format json` events OpenCode printed on stdout. */
  readonly events: readonly OpenCodeEvent[];
  readonly sessionId: string | undefined;
  /** `$XDG_DATA_HOME/opencode/opencode.db` (SQLite, WAL), when it was written. */
  readonly dbPath: string | undefined;
  /** The text of the last text part. */
  readonly lastText: string | undefined;
  /** The `error` events (a failed model request ends the run with one). */
  readonly errors: readonly OpenCodeEvent[];
}

/**
 * Runs the real OpenCode once, non-interactively (`opencode run --format json`), against
 * the scripted model server. `opencode run` executes its tools (write, edit, bash, …)
 * without asking.
 */
export async function runOpenCode(run: OpenCodeRun): Promise<OpenCodeResult> {
  const cwd = run.cwd ?? run.home.repo.dir;
  const configPath = writeOpenCodeConfig(
    join(run.home.home, ".baton-test"),
    run.baseUrl,
    run.contextLimit,
  );
  seedOpenCodeDependencies(join(run.home.home, ".config", "opencode"));
  const args = ["run", "--format", "json"];
  if (run.session === "last") args.push("--continue");
  else if (run.session !== undefined) args.push("--session", run.session);
  if (run.title !== undefined) args.push("--title", run.title);
  // `opencode run` joins its message arguments with spaces and wraps any argument holding a
  // space in double quotes, so one argument would reach the session as "\"<prompt>\"". Word
  // by word after `--` (no flag parsing) it arrives exactly as given, as typed in the TUI.
  args.push(...(run.args ?? []), "--", ...run.prompt.split(" "));
  const processResult = await runAgentProcess({
    command: OPENCODE_BIN,
    args,
    cwd,
    env: run.home.env({
      OPENCODE_CONFIG: configPath,
      // Plugins OpenCode would otherwise fetch from the npm registry at start-up.
      OPENCODE_DISABLE_DEFAULT_PLUGINS: "1",
      ...run.env,
    }),
    timeoutMs: run.timeoutMs ?? 90_000,
    label: "opencode",
  });
  const events = parseOpenCodeEvents(processResult.stdout);
  const sessionId =
    events.find((e) => typeof e.sessionID === "string")?.sessionID ??
    (run.session !== "last" ? run.session : undefined);
  const texts = events
    .filter((e) => e.type === "text" && typeof e.part?.text === "string")
    .map((e) => e.part?.text as string);
  const dbPath = join(run.home.home, ".local", "share", "opencode", "opencode.db");
  return {
    ...processResult,
    events,
    sessionId,
    dbPath: existsSync(dbPath) ? dbPath : undefined,
    lastText: texts.at(-1),
    errors: events.filter((e) => e.type === "error"),
  };
}

/**
 * A config file of its own, passed with `OPENCODE_CONFIG`, which OpenCode merges between
 * the global config and the project's: the global `~/.config/opencode/opencode.json` and a
 * project `opencode.json` stay the test's (or `baton install`'s), and the repository under
 * test stays clean. It declares an `@ai-sdk/openai-compatible` provider, which OpenCode
 * bundles, pointed at the server's `/v1` and used for the main and the small model.
 */
export function writeOpenCodeConfig(
  configDir: string,
  baseUrl: string,
  contextLimit = 200_000,
): string {
  mkdirSync(configDir, { recursive: true });
  const path = join(configDir, "opencode.json");
  const config = {
    $schema: "https://opencode.ai/config.json",
    autoupdate: false,
    share: "disabled",
    provider: {
      [OPENCODE_PROVIDER]: {
        npm: "@ai-sdk/openai-compatible",
        name: "Scripted model server",
        options: { baseURL: `${baseUrl}/v1`, apiKey: "baton-test-key" },
        models: {
          [OPENCODE_MODEL]: {
            name: "Scripted model",
            tool_call: true,
            limit: {
              context: contextLimit,
              output: Math.min(32_000, Math.floor(contextLimit / 4)),
            },
          },
        },
      },
    },
    model: `${OPENCODE_PROVIDER}/${OPENCODE_MODEL}`,
    small_model: `${OPENCODE_PROVIDER}/${OPENCODE_MODEL}`,
  };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

/**
 * OpenCode makes every config directory it loads (the global one, a project's `.opencode/`)
 * depend on `@opencode-ai/plugin` and reifies it with npm's Arborist at start-up: a
 * registry request, or a long wait when the registry is unreachable. A directory whose
 * package.json, package-lock.json and node_modules agree is left alone, so this writes
 * them, linking the plugin package to the copy pinned in our own devDependencies (the same
 * version), where plugins in that directory can import it.
 */
export function seedOpenCodeDependencies(configDir: string): void {
  const linked = join(configDir, "node_modules", "@opencode-ai", "plugin");
  if (existsSync(linked)) return;
  const pluginDir = join(NODE_MODULES, "@opencode-ai", "plugin");
  const { version } = JSON.parse(readFileSync(join(pluginDir, "package.json"), "utf8")) as {
    version: string;
  };
  mkdirSync(join(configDir, "node_modules", "@opencode-ai"), { recursive: true });
  const dependencies = { "@opencode-ai/plugin": version };
  writeFileSync(join(configDir, "package.json"), `${JSON.stringify({ dependencies }, null, 2)}\n`);
  writeFileSync(
    join(configDir, "package-lock.json"),
    `${JSON.stringify(
      {
        name: "opencode",
        lockfileVersion: 3,
        requires: true,
        packages: {
          "": { dependencies },
          "node_modules/@opencode-ai/plugin": { version },
        },
      },
      null,
      2,
    )}\n`,
  );
  symlinkSync(pluginDir, linked, "dir");
}

/** The JSON event lines of `run --format json` (OpenCode and its forks print the same). */
export function parseOpenCodeEvents(stdout: string): OpenCodeEvent[] {
  const events: OpenCodeEvent[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === "object" && typeof (value as OpenCodeEvent).type === "string") {
        events.push(value as OpenCodeEvent);
      }
    } catch {
      // Not an event line.
    }
  }
  return events;
}
