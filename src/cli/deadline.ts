import { AGENT_ADAPTERS } from "../adapters/registry.ts";
import { appendLog } from "../integrations/append-log.ts";
import { hookLogPath } from "../integrations/baton-state-dir.ts";

/** Overrides every deadline below, in milliseconds (0 turns it off). */
export const DEADLINE_ENV = "BATON_TIMEOUT_MS";

/** A command run by an agent or a script (no terminal) gives up after this long. */
export const COMMAND_DEADLINE_MS = 120_000;

/** A hook stops well inside the time its agent gives it, so baton, not the agent, ends it. */
const HOOK_SHARE = 0.8;
const BACKGROUND_HOOK_MS = 30_000;

/** Commands that serve a client for as long as it stays connected: no deadline. */
const SERVERS = new Set(["mcp"]);

/**
 * How long this process may run, or null for no limit. A hook has the share above of its
 * agent's timeout for the event (its background worker a fixed time); a command has two
 * minutes unless a person is at the terminal (`--review` waits on an editor, and Ctrl-C is
 * theirs) or it is a server.
 */
export function deadlineFor(
  kind: { hookTimeoutSeconds: number | null } | { command: string; interactive: boolean },
  env: NodeJS.ProcessEnv,
): number | null {
  const set = env[DEADLINE_ENV]?.trim();
  if (set !== undefined && /^\d+$/.test(set)) return Number(set) === 0 ? null : Number(set);
  if ("hookTimeoutSeconds" in kind) {
    const seconds = kind.hookTimeoutSeconds;
    return seconds === null ? BACKGROUND_HOOK_MS : seconds * 1000 * HOOK_SHARE;
  }
  if (SERVERS.has(kind.command)) return null;
  return kind.interactive ? null : COMMAND_DEADLINE_MS;
}

/**
 * Ends the process when `ms` have passed: whatever it waits on (a lock, a pipe, a file
 * that never ends), it does not outlive its deadline. The timer does not keep the process
 * alive, so a command that finishes first exits as usual.
 */
export function armDeadline(ms: number | null, onExpire: (ms: number) => void): void {
  if (ms === null) return;
  setTimeout(() => onExpire(ms), ms).unref();
}

/**
 * The hook process's own deadline, below its agent's timeout: past it, one line goes to
 * the hooks' log and the process exits 0, so the agent never waits on baton.
 * `args` are the hook's: `claude-code <event>`.
 */
export async function armHookDeadline(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const [agent = "", event = ""] = args;
  const adapter = AGENT_ADAPTERS.find((candidate) => candidate.id === agent);
  const hooks = adapter?.loadIntegration ? (await adapter.loadIntegration()).hooks : null;
  const hookTimeoutSeconds = hooks?.timeoutSeconds(event) ?? null;
  armDeadline(deadlineFor({ hookTimeoutSeconds }, env), (ms) => {
    appendLog(
      hookLogPath(env),
      agent || "(none)",
      event || "hook",
      `gave up after ${ms} ms (baton's own deadline); nothing more done`,
    );
    // Not process.exit: it waits for a thread stuck in a system call (a read of a named
    // pipe), which is what a deadline must not do. The hook's command line exits 0.
    process.kill(process.pid, "SIGKILL");
  });
}

/** The CLI process's deadline: past it, one line on stderr and exit 1 (`baton hook`: as a hook). */
export async function armCommandDeadline(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const command = args.find((arg) => !arg.startsWith("-")) ?? "";
  if (command === "hook") {
    await armHookDeadline(args.slice(args.indexOf("hook") + 1), env);
    return;
  }
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  armDeadline(deadlineFor({ command, interactive }, env), (ms) => {
    process.stderr.write(
      `baton: ${command || "baton"} gave up after ${ms / 1000} s (its deadline; ${DEADLINE_ENV} changes it)\n`,
    );
    process.exit(1);
  });
}
