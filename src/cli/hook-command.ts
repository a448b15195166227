import { adaptersWith } from "../adapters/registry.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import { commandHelp, HELP_OPTION } from "./command-options.ts";

const ABOUT = `Run by the agent, not by people: "baton install <agent>" puts these commands into the
agent's settings (as the lighter entry dist/cli/hook-main.js, which takes the same
arguments). Reads the event's JSON on stdin (waiting at most 2 s), answers on stdout when
the event takes an answer, and always exits 0. Errors go to
$XDG_STATE_HOME/baton/hooks.log (default ~/.local/state/baton/hooks.log).`;

/** The agents with hooks, and their events: their integrations say, so they load first. */
async function hookHelp(): Promise<string> {
  const rows: [string, string][] = [];
  for (const adapter of adaptersWith("loadIntegration")) {
    const hooks = (await adapter.loadIntegration()).hooks;
    if (hooks !== null) rows.push([adapter.id, hooks.events.join(", ")]);
  }
  const width = Math.max(0, ...rows.map(([id]) => id.length)) + 3;
  const [first = "AGENT", events = "EVENT"] = rows[0] ?? [];
  return commandHelp({
    examples: [`baton hook ${first} ${events.split(", ")[0]} < input.json`],
    usage: "baton hook <agent> <event>",
    about: ABOUT,
    options: { help: HELP_OPTION },
    footer: `Agents and events:\n${rows.map(([id, list]) => `  ${id.padEnd(width)}${list}`).join("\n")}`,
  });
}

export const hookCommand: Command = {
  name: "hook",
  summary: "run an agent hook (installed by baton install)",
  help: ABOUT,
  loadHelp: hookHelp,
  run: async (args: string[], io: CliIo) => {
    const { runHookProcess } = await import("./run-hook-process.ts");
    return runHookProcess(args, io);
  },
};
