import { spawn } from "node:child_process";
import { homedir } from "node:os";
import { hookEntryPath } from "../integrations/claude-code/baton-entry.ts";
import type { HookContext } from "../integrations/claude-code/hook-context.ts";
import { logHook } from "../integrations/claude-code/log-hook.ts";
import type { CliIo } from "./cli-io.ts";

/**
 * `<agent> <event>` of a hook run, against this process (or the given io): always 0, and
 * only the event's answer on stdout. Shared by `baton hook` and the hooks' own entry.
 */
export async function runHookProcess(
  args: readonly string[],
  given?: Pick<CliIo, "stdin" | "stdout" | "env" | "cwd" | "now">,
): Promise<number> {
  const [agent, ...rest] = args;
  const io = given ?? processHookIo();
  if (io === null) {
    logHook(process.env, rest[0] ?? "hook", "its working folder no longer exists; nothing done");
    return 0;
  }
  const context: HookContext = {
    env: io.env,
    cwd: io.cwd,
    homedir: io.env.HOME ?? homedir(),
    now: io.now,
    spawnWorker: (workerArgs) => spawnWorker(io, workerArgs),
  };
  if (agent !== "claude-code") {
    logHook(io.env, "hook", `unknown agent "${agent ?? ""}"; only claude-code has hooks`);
    return 0;
  }
  const { runClaudeHook } = await import("../integrations/claude-code/run-claude-hook.ts");
  await runClaudeHook(rest, { stdin: io.stdin, stdout: io.stdout }, context);
  return 0;
}

/** This process's streams, or null when its working folder was removed under it. */
function processHookIo(): Pick<CliIo, "stdin" | "stdout" | "env" | "cwd" | "now"> | null {
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

/** A detached hook process that outlives this one without holding its pipes. */
function spawnWorker(io: { env: CliIo["env"]; cwd: string }, args: string[]): void {
  const child = spawn(process.execPath, [hookEntryPath(), "claude-code", ...args], {
    cwd: io.cwd,
    env: { ...io.env },
    detached: true,
    stdio: "ignore",
  });
  child.on("error", () => undefined);
  child.unref();
}
