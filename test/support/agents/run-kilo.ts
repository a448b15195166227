import { existsSync } from "node:fs";
import { join } from "node:path";
import type { AgentHome } from "./agent-home.ts";
import { findAgentBin } from "./find-agent-bin.ts";
import { runAgentProcess } from "./run-agent-process.ts";
import {
  type OpenCodeResult,
  type OpenCodeRun,
  parseOpenCodeEvents,
  writeOpenCodeConfig,
} from "./run-opencode.ts";

/** `@kilocode/cli` (`BATON_KILO_BIN`, or installed under node_modules or /tmp/agents-kilo). */
export const KILO_BIN = findAgentBin("BATON_KILO_BIN", "kilo", "kilo");

/** Where Kilo keeps its database under a home: OpenCode's layout in a folder of its own. */
export function kiloDbPath(home: AgentHome): string {
  return join(home.home, ".local", "share", "kilo", "kilo.db");
}

/**
 * Runs the real Kilo CLI once, non-interactively (`kilo run --format json --auto`), against
 * the scripted model server. Kilo is a fork of OpenCode: the same `run` command, the same
 * config file (passed with `KILO_CONFIG`), the same JSON events; `--auto` lets its tools run
 * without asking.
 */
export async function runKilo(run: OpenCodeRun): Promise<OpenCodeResult> {
  if (KILO_BIN === undefined) throw new Error("Kilo CLI is not installed");
  const cwd = run.cwd ?? run.home.repo.dir;
  const configPath = writeOpenCodeConfig(
    join(run.home.home, ".baton-test"),
    run.baseUrl,
    run.contextLimit,
  );
  const args = ["run", "--format", "json", "--auto"];
  if (run.session === "last") args.push("--continue");
  else if (run.session !== undefined) args.push("--session", run.session);
  if (run.title !== undefined) args.push("--title", run.title);
  args.push(...(run.args ?? []), "--", ...run.prompt.split(" "));
  const processResult = await runAgentProcess({
    command: KILO_BIN,
    args,
    cwd,
    env: run.home.env({
      KILO_CONFIG: configPath,
      KILO_DISABLE_DEFAULT_PLUGINS: "1",
      KILO_DISABLE_AUTOUPDATE: "1",
      KILO_DISABLE_MODELS_FETCH: "1",
      KILO_DISABLE_SESSION_INGEST: "1",
      KILO_DISABLE_LSP_DOWNLOAD: "1",
      KILO_NO_DAEMON: "1",
      ...run.env,
    }),
    timeoutMs: run.timeoutMs ?? 90_000,
    label: "kilo",
  });
  const events = parseOpenCodeEvents(processResult.stdout);
  const sessionId =
    events.find((e) => typeof e.sessionID === "string")?.sessionID ??
    (run.session !== "last" ? run.session : undefined);
  const texts = events
    .filter((e) => e.type === "text" && typeof e.part?.text === "string")
    .map((e) => e.part?.text as string);
  const dbPath = kiloDbPath(run.home);
  return {
    ...processResult,
    events,
    sessionId,
    dbPath: existsSync(dbPath) ? dbPath : undefined,
    lastText: texts.at(-1),
    errors: events.filter((e) => e.type === "error"),
  };
}
