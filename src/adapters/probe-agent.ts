import { execFile } from "node:child_process";
import { findOnPath } from "../integrations/find-on-path.ts";
import type { AgentAdapter } from "./agent-adapter.ts";

/** Whether an agent's program is on PATH, where, and which version it says it is. */
export type AgentProbe =
  | { found: false; binary: string }
  | {
      found: true;
      binary: string;
      path: string;
      version: string | null;
      versionError: string | null;
    };

const VERSION_TIMEOUT_MS = 10_000;
const VERSION = /\d+\.\d+(?:\.\d+)?(?:[-+][\w.-]+)?/;

/**
 * Looks for the adapter's launch binary on PATH (as the shell would, with PATHEXT on
 * Windows) and asks it for its version (`launch.versionArgs`, else `--version`). An agent
 * without a launch spec has no program to find.
 */
export async function probeAgent(
  adapter: AgentAdapter,
  env: Readonly<Record<string, string | undefined>>,
): Promise<AgentProbe | null> {
  if (adapter.launch === null) return null;
  const binary = adapter.launch.binary;
  const path = await findOnPath(binary, env);
  if (path === null) return { found: false, binary };
  const run = await runVersion(path, adapter.launch.versionArgs ?? ["--version"], env);
  return run.ok
    ? { found: true, binary, path, version: run.version, versionError: null }
    : { found: true, binary, path, version: null, versionError: run.message };
}

function runVersion(
  path: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ ok: true; version: string | null } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    execFile(
      path,
      [...args],
      {
        env: { ...env, NO_COLOR: "1" },
        timeout: VERSION_TIMEOUT_MS,
        killSignal: "SIGKILL",
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const said = `${stdout}\n${stderr}`;
        if (error !== null) {
          const line = stderr.trim().split("\n")[0] ?? "";
          const why = error.killed
            ? `timed out after ${VERSION_TIMEOUT_MS} ms`
            : line || error.message;
          return resolve({ ok: false, message: why });
        }
        resolve({ ok: true, version: VERSION.exec(said)?.[0] ?? null });
      },
    );
  });
}
