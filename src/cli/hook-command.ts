import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";

const HELP = `Examples:
  baton hook claude-code SessionStart < input.json

Usage: baton hook <agent> <event>

Run by the agent, not by people: "baton install claude-code" puts these commands into
Claude Code's settings (as the lighter entry dist/cli/hook-main.js, which takes the same
arguments). Reads the event's JSON on stdin (waiting at most 2 s), answers on stdout when
the event takes an answer, and always exits 0. Errors go to
$XDG_STATE_HOME/baton/hooks.log (default ~/.local/state/baton/hooks.log).

Agents and events:
  claude-code   PreCompact, PostCompact, SessionStart, UserPromptSubmit, Stop
`;

export const hookCommand: Command = {
  name: "hook",
  summary: "run an agent hook (installed by baton install)",
  help: HELP,
  run: async (args: string[], io: CliIo) => {
    const { runHookProcess } = await import("./run-hook-process.ts");
    return runHookProcess(args, io);
  },
};
