import { join } from "node:path";
import { isObject, type JsonObject } from "../../core/json-object.ts";
import type { Launcher } from "../agent-integration.ts";
import { batonCommand, hookCommandLine } from "../claude-code/hook-command-line.ts";
import {
  type CommandHook,
  mergeBatonHooks,
  removeBatonHooks,
} from "../claude-code/merge-settings.ts";
import { withMcpServer } from "../claude-code/register-mcp-server.ts";
import {
  type CodexPlan,
  change,
  json,
  type PlannedFile,
  readJson,
} from "../codex/install-codex.ts";
import { planOwnedFile, planOwnedRemoval } from "../owned-files.ts";
import { GEMINI_MARKER, geminiCommands } from "./gemini-commands.ts";
import { GEMINI_HOOK_EVENTS, GEMINI_HOOK_TIMEOUTS } from "./gemini-hook-events.ts";

/** project: `<root>/.gemini/`; user: `$GEMINI_CLI_HOME/.gemini`, else `~/.gemini`. */
export type GeminiScope = "project" | "user";

export interface GeminiTarget {
  settingsPath: string;
  commandsDir: string;
}

/** The hooks with a timeout (ms), the commands and the MCP server: the files and what goes in. */
export type GeminiPlan = CodexPlan;

export function geminiTarget(
  scope: GeminiScope,
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): GeminiTarget {
  const geminiDir =
    scope === "user"
      ? join(env.GEMINI_CLI_HOME?.trim() || homedir, ".gemini")
      : join(root, ".gemini");
  return {
    settingsPath: join(geminiDir, "settings.json"),
    commandsDir: join(geminiDir, "commands"),
  };
}

/**
 * One handler per event, in a group without a matcher: Gemini 0.61.0 compares a lifecycle
 * matcher to the source or trigger by equality (`matchesTrigger`), so "startup|resume"
 * would match nothing, and no matcher matches every source. Timeouts are milliseconds.
 */
export function geminiHooks(launcher: Launcher): Record<string, CommandHook & { name: string }> {
  return Object.fromEntries(
    GEMINI_HOOK_EVENTS.map((event) => [
      event,
      {
        type: "command",
        name: `baton-${event}`,
        command: hookCommandLine(event, launcher, "gemini-cli"),
        timeout: GEMINI_HOOK_TIMEOUTS[event] * 1000,
      },
    ]),
  );
}

/** What `baton install gemini-cli` would change; nothing is written. */
export async function planGeminiInstall(
  target: GeminiTarget,
  launcher: Launcher,
  now: Date,
): Promise<GeminiPlan> {
  const hooks = geminiHooks(launcher);
  // The project's own baton: npx finds it in node_modules/.bin (Gemini starts MCP servers in
  // the folder it runs in, the project's), so a committed settings.json names no machine's paths.
  const mcp =
    launcher.inProject === undefined
      ? { command: launcher.node, args: [launcher.entry, "mcp"] }
      : { command: "npx", args: ["baton", "mcp"] };
  const settings = await readJson(target.settingsPath);
  const merged = keepHookSettings(settings.value, (events) =>
    mergeBatonHooks(events, hooks, target.settingsPath, GEMINI_MARKER),
  );
  const next = withMcpServer(merged, ["mcpServers"], mcp as JsonObject);
  const files: PlannedFile[] = [
    change(target.settingsPath, settings, json(inOrderOf(settings.value, next)), now),
  ];
  for (const command of geminiCommands(batonCommand(launcher))) {
    const path = join(target.commandsDir, command.file);
    files.push(await planOwnedFile(path, command.content, GEMINI_MARKER));
  }
  return { files, hooks, mcp };
}

/** Keys of `hooks` that are settings, not events (0.61.0's `HOOKS_CONFIG_FIELDS`). */
const HOOK_SETTINGS = ["enabled", "disabled", "notifications"];

/**
 * `edit` applied to the settings with `hooks` holding only events, then the hook settings
 * (`hooks.enabled`, `hooks.disabled`: Gemini skips them when it reads the events) put back
 * where they were.
 */
function keepHookSettings(settings: unknown, edit: (settings: unknown) => JsonObject): JsonObject {
  if (!isObject(settings) || !isObject(settings.hooks)) return edit(settings);
  const kept = Object.entries(settings.hooks).filter(([key]) => HOOK_SETTINGS.includes(key));
  if (kept.length === 0) return edit(settings);
  const events = Object.fromEntries(
    Object.entries(settings.hooks).filter(([key]) => !HOOK_SETTINGS.includes(key)),
  );
  const edited = edit({ ...settings, hooks: events });
  const hooks = { ...Object.fromEntries(kept), ...(isObject(edited.hooks) ? edited.hooks : {}) };
  return { ...edited, hooks };
}

/**
 * The settings with their keys in the order the file had them: taking baton's hooks out and
 * putting them back moves "hooks" to the end, which would rewrite an unchanged file.
 */
function inOrderOf(before: unknown, after: JsonObject): JsonObject {
  const keys = new Set([...Object.keys(isObject(before) ? before : {}), ...Object.keys(after)]);
  return Object.fromEntries(
    [...keys].filter((key) => key in after).map((key) => [key, after[key]]),
  );
}

/** What `baton uninstall gemini-cli` would change: baton's hooks, server and commands only. */
export async function planGeminiUninstall(target: GeminiTarget, now: Date): Promise<GeminiPlan> {
  const files: PlannedFile[] = [];
  const settings = await readJson(target.settingsPath);
  if (settings.text !== null) {
    const without = keepHookSettings(settings.value, (events) =>
      removeBatonHooks(events, target.settingsPath, GEMINI_MARKER),
    );
    const next = withMcpServer(without, ["mcpServers"], null);
    // A server table that held only baton's goes with it.
    if (isObject(next.mcpServers) && Object.keys(next.mcpServers).length === 0) {
      delete next.mcpServers;
    }
    files.push(change(target.settingsPath, settings, json(next), now));
  }
  for (const command of geminiCommands("baton")) {
    const removal = await planOwnedRemoval(join(target.commandsDir, command.file), GEMINI_MARKER);
    if (removal !== null) files.push(removal);
  }
  return { files, hooks: {}, mcp: null };
}
