import { spawn } from "node:child_process";
import { homedir } from "node:os";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";

const HELP = `Examples:
  baton hook claude-code SessionStart < input.json

Usage: baton hook <agent> <event>

Run by the agent, not by people: "baton install claude-code" puts these commands into
Claude Code's settings. Reads the event's JSON on stdin (waiting at most 2 s), answers on
stdout when the event takes an answer, and always exits 0. Errors go to
$XDG_STATE_HOME/baton/hooks.log (default ~/.local/state/baton/hooks.log).

Agents and events:
  claude-code   PreCompact, PostCompact, SessionStart, UserPromptSubmit, Stop
`;

export const hookCommand: Command = {
  name: "hook",
  summary: "run an agent hook (installed by baton install)",
  help: HELP,
  run: runHook,
};

async function runHook(args: string[], io: CliIo): Promise<number> {
  const [agent, ...rest] = args;
  // Only the handler is loaded: the session-start path must not pay for the rest of baton.
  const { runClaudeHook } = await import("../integrations/claude-code/run-claude-hook.ts");
  const context = {
    env: io.env,
    cwd: io.cwd,
    homedir: io.env.HOME ?? homedir(),
    now: io.now,
    spawnWorker: (workerArgs: string[]) => spawnWorker(io, workerArgs),
  };
  if (agent !== "claude-code") {
    const { logHook } = await import("../integrations/claude-code/log-hook.ts");
    logHook(io.env, "hook", `unknown agent "${agent ?? ""}"; only claude-code has hooks`);
    return 0;
  }
  await runClaudeHook(rest, { stdin: io.stdin, stdout: io.stdout }, context);
  return 0;
}

/** A detached `baton hook claude-code …` that outlives this hook without holding its pipes. */
async function spawnWorker(io: CliIo, args: string[]): Promise<void> {
  const { batonEntryPath } = await import("../integrations/claude-code/baton-entry.ts");
  const child = spawn(process.execPath, [batonEntryPath(), "hook", "claude-code", ...args], {
    cwd: io.cwd,
    env: { ...io.env },
    detached: true,
    stdio: "ignore",
  });
  child.on("error", () => undefined);
  child.unref();
}
