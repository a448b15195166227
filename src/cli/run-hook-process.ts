import { AGENT_ADAPTERS } from "../adapters/registry.ts";
import type { HookIo } from "../integrations/agent-integration.ts";
import { appendLog } from "../integrations/append-log.ts";
import { hookLogPath } from "../integrations/baton-state-dir.ts";

/**
 * `<agent> <event>` of a hook run, against this process (or the given io): always 0, and
 * only the event's answer on stdout. Shared by `baton hook` and the hooks' own entry.
 */
export async function runHookProcess(args: readonly string[], given?: HookIo): Promise<number> {
  const [agent = "", ...rest] = args;
  const io = given ?? processHookIo();
  if (io === null) {
    appendLog(
      hookLogPath(process.env),
      agent || "(none)",
      rest[0] ?? "hook",
      "its working folder no longer exists; nothing done",
    );
    return 0;
  }
  const adapter = AGENT_ADAPTERS.find((candidate) => candidate.id === agent);
  const hooks = adapter?.loadIntegration ? (await adapter.loadIntegration()).hooks : null;
  if (hooks === null || hooks === undefined) {
    const able = [];
    for (const candidate of AGENT_ADAPTERS) {
      if (candidate.loadIntegration && (await candidate.loadIntegration()).hooks)
        able.push(candidate.id);
    }
    appendLog(
      hookLogPath(io.env),
      agent || "(none)",
      "hook",
      `no hooks for "${agent}"; agents with hooks: ${able.join(", ")}`,
    );
    return 0;
  }
  await hooks.run(rest, io);
  return 0;
}

/** This process's streams, or null when its working folder was removed under it. */
function processHookIo(): HookIo | null {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    return null;
  }
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    env: process.env,
    cwd,
    now: () => new Date(),
  };
}
