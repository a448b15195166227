import { chmodSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gitTestEnv, makeTempDir, makeTempRepo, type TempRepo } from "../temp-repo.ts";

/**
 * An isolated world for one agent run: a temporary HOME that holds every config, data,
 * state and cache directory the agents know about, and a temporary git repository to
 * work in. Nothing the agents write lands in the real HOME of whoever runs the tests.
 */
export interface AgentHome {
  readonly home: string;
  readonly repo: TempRepo;
  /** The environment for an agent process: isolated, offline, quiet (see `isolatedEnv`). */
  env(extra?: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv;
  cleanup(): void;
}

export interface AgentHomeOptions {
  /** Reuse a repository (e.g. to run a second agent in the same one); made fresh otherwise. */
  readonly repo?: TempRepo;
  readonly branch?: string;
}

export function makeAgentHome(options: AgentHomeOptions = {}): AgentHome {
  const home = makeTempDir("baton-home-");
  const repo = options.repo ?? makeTempRepo({ branch: options.branch ?? "main" });
  const dirs = xdgDirs(home);
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  // Programs refuse a runtime dir that others can read.
  chmodSync(dirs[4], 0o700);
  return {
    home,
    repo,
    env: (extra = {}) => isolatedEnv(home, extra),
    cleanup() {
      rmSync(home, { recursive: true, force: true });
      if (!options.repo) repo.cleanup();
    },
  };
}

/** Variables passed through from the parent: what a process needs to start, nothing personal. */
const PASSED_THROUGH = ["PATH", "LANG", "LC_ALL", "TZ", "TMPDIR", "SYSTEMROOT", "COMSPEC"];

/**
 * The environment of an agent process. Built from scratch rather than copied, so the
 * developer's API keys, CLAUDE_CONFIG_DIR, CODEX_HOME, proxies and the like never leak in.
 *
 * Network: every HTTP(S) client the agents use honours HTTP(S)_PROXY, so pointing them at
 * a closed port with NO_PROXY for loopback makes any call outside 127.0.0.1 fail at once
 * instead of reaching the internet or hanging on DNS.
 */
export function isolatedEnv(
  home: string,
  extra: Readonly<Record<string, string | undefined>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const [config, data, state, cache, runtime] = xdgDirs(home);
  const deadProxy = "http://127.0.0.1:9";
  Object.assign(env, gitTestEnv, {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: config,
    XDG_DATA_HOME: data,
    XDG_STATE_HOME: state,
    XDG_CACHE_HOME: cache,
    XDG_RUNTIME_DIR: runtime,
    CLAUDE_CONFIG_DIR: join(home, ".claude"),
    CODEX_HOME: join(home, ".codex"),
    SHELL: "/bin/bash",
    TERM: "dumb",
    NO_COLOR: "1",
    HTTP_PROXY: deadProxy,
    HTTPS_PROXY: deadProxy,
    http_proxy: deadProxy,
    https_proxy: deadProxy,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    // Claude Code: no telemetry, error reporting, update checks, surveys or other
    // non-essential calls home.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_BUG_COMMAND: "1",
    CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: "1",
    CLAUDE_CODE_DISABLE_TERMINAL_TITLE: "1",
    // OpenCode: no self-update, no model catalogue download, no LSP downloads.
    OPENCODE_DISABLE_AUTOUPDATE: "1",
    OPENCODE_DISABLE_MODELS_FETCH: "1",
    OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
    OPENCODE_DISABLE_SHARE: "1",
  });
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

function xdgDirs(home: string): [string, string, string, string, string] {
  return [
    join(home, ".config"),
    join(home, ".local", "share"),
    join(home, ".local", "state"),
    join(home, ".cache"),
    join(home, ".run"),
  ];
}
