import { spawn } from "node:child_process";
import { homedir } from "node:os";
import type { HookIo } from "../agent-integration.ts";
import { hookEntryPath } from "../baton-entry.ts";
import type { HookContext } from "./hook-context.ts";

/**
 * The context a hook process gives the handlers of the Claude Code hook protocol (Claude
 * Code's own, and Codex's, which speaks it): its environment, folder and clock, and
 * background workers that run `hook-main.js <agent> …`.
 */
export function hookProcessContext(agent: string, io: HookIo): HookContext {
  return {
    env: io.env,
    cwd: io.cwd,
    homedir: io.env.HOME ?? homedir(),
    now: io.now,
    spawnWorker: (args) => spawnHookWorker(agent, io, args),
    processAgent: agent,
  };
}

/** A detached hook process that outlives this one without holding its pipes. */
function spawnHookWorker(agent: string, io: HookIo, args: string[]): void {
  const child = spawn(process.execPath, [hookEntryPath(), agent, ...args], {
    cwd: io.cwd,
    env: { ...io.env },
    detached: true,
    stdio: "ignore",
  });
  child.on("error", () => undefined);
  child.unref();
}
