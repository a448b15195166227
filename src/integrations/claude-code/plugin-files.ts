import { HOOK_TIMEOUTS } from "./hook-command-line.ts";
import { CLAUDE_HOOK_EVENTS } from "./run-claude-hook.ts";
import { slashCommands } from "./slash-commands.ts";

/**
 * The Claude Code plugin's files (`integrations/claude-code-plugin/`), made from the same
 * hook list, timeouts and command texts as `baton install claude-code`. A plugin is copied
 * into Claude Code's cache when installed, so it cannot point at a baton by path: its hooks
 * go through `hooks/baton-hook.sh`, which finds the `baton` on PATH.
 */
export function pluginFiles(version: string): Record<string, string> {
  const hooks = Object.fromEntries(
    CLAUDE_HOOK_EVENTS.map((event) => [
      event,
      [
        {
          hooks: [
            {
              type: "command",
              command: `"\${CLAUDE_PLUGIN_ROOT}/hooks/baton-hook.sh" ${event}`,
              timeout: HOOK_TIMEOUTS[event],
            },
          ],
        },
      ],
    ]),
  );
  const manifest = {
    name: "baton",
    version,
    description:
      "Pass the baton between sessions: a handoff captured before each compaction and given back after it and to the next session; /handoff, /handoff-resume, /handoff-list.",
    license: "MIT",
  };
  const files: Record<string, string> = {
    ".claude-plugin/plugin.json": `${JSON.stringify(manifest, null, 2)}\n`,
    "hooks/hooks.json": `${JSON.stringify({ description: "baton: capture before compaction, give back after it and at session start", hooks }, null, 2)}\n`,
  };
  for (const command of slashCommands("baton")) files[`commands/${command.file}`] = command.content;
  return files;
}
