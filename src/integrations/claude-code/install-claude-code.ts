import { copyFile, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { BatonError } from "../../core/errors.ts";
import { makeFolders } from "../../store/make-folders.ts";
import { replaceFile } from "../../store/write-file-atomic.ts";
import { planOwnedFile, planOwnedRemoval } from "../owned-files.ts";
import { readOptional } from "../read-optional.ts";
import {
  BATON_MARKER,
  batonCommand,
  HOOK_TIMEOUTS,
  hookCommandLine,
  type Launcher,
} from "./hook-command-line.ts";
import { type CommandHook, mergeBatonHooks, removeBatonHooks } from "./merge-settings.ts";
import { mcpRegistration, mcpServerEntry, withMcpServer } from "./register-mcp-server.ts";
import { CLAUDE_HOOK_EVENTS } from "./run-claude-hook.ts";
import { slashCommands } from "./slash-commands.ts";

/**
 * project: `.claude/settings.json`, shared through git; local: `.claude/settings.local.json`,
 * which Claude Code keeps out of git (the hooks hold this machine's paths); user: every project.
 */
export type InstallScope = "project" | "local" | "user";

export interface InstallTarget {
  /** The `.claude` folder of the project, or Claude Code's config folder for the user. */
  claudeDir: string;
  settingsPath: string;
  commandsDir: string;
  /** Where baton's MCP server is registered, and under which keys of that JSON file. */
  mcp: { path: string; keys: string[] };
}

/** `<root>/.claude` for a project; `$CLAUDE_CONFIG_DIR`, else `~/.claude`, for the user. */
export function installTarget(
  scope: InstallScope,
  projectRoot: string,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): InstallTarget {
  const claudeDir =
    scope === "user"
      ? env.CLAUDE_CONFIG_DIR?.trim() || join(homedir, ".claude")
      : join(projectRoot, ".claude");
  return {
    claudeDir,
    settingsPath: join(claudeDir, scope === "local" ? "settings.local.json" : "settings.json"),
    commandsDir: join(claudeDir, "commands"),
    mcp: mcpRegistration(scope, projectRoot, env, homedir),
  };
}

export type FileAction = "create" | "update" | "remove" | "unchanged" | "skip";

export interface PlannedFile {
  path: string;
  action: FileAction;
  /** Why a file is skipped: it exists and is not baton's. */
  reason?: string;
  content?: string;
}

export interface InstallPlan {
  settings: PlannedFile;
  /** Where the settings are copied before they are changed; null when nothing to back up. */
  backupPath: string | null;
  commands: PlannedFile[];
  hooks: Record<string, CommandHook>;
  /** baton's MCP server in Claude Code's config, with its backup. */
  mcp: PlannedFile & { backupPath: string | null };
}

export function batonHooks(launcher: Launcher): Record<string, CommandHook> {
  return Object.fromEntries(
    CLAUDE_HOOK_EVENTS.map((event) => [
      event,
      { type: "command", command: hookCommandLine(event, launcher), timeout: HOOK_TIMEOUTS[event] },
    ]),
  );
}

/** What `baton install claude-code` would change; nothing is written. */
export async function planInstall(
  target: InstallTarget,
  launcher: Launcher,
  now: Date,
): Promise<InstallPlan> {
  const hooks = batonHooks(launcher);
  const current = await readSettings(target.settingsPath);
  const next = `${JSON.stringify(mergeBatonHooks(current.value, hooks, target.settingsPath), null, 2)}\n`;
  const commands: PlannedFile[] = [];
  for (const command of slashCommands(batonCommand(launcher))) {
    const path = join(target.commandsDir, command.file);
    commands.push(await planOwnedFile(path, command.content, BATON_MARKER));
  }
  return {
    settings: settingsChange(target.settingsPath, current.text, next),
    backupPath: backupFor(target.settingsPath, current.text, next, now),
    commands,
    hooks,
    mcp: await planMcp(target, mcpServerEntry(launcher), now),
  };
}

async function planMcp(
  target: InstallTarget,
  entry: ReturnType<typeof mcpServerEntry> | null,
  now: Date,
): Promise<InstallPlan["mcp"]> {
  const { path, keys } = target.mcp;
  const current = await readSettings(path);
  if (entry === null && current.text === null)
    return { path, action: "unchanged", backupPath: null };
  const next = `${JSON.stringify(withMcpServer(current.value, keys, entry), null, 2)}\n`;
  return {
    ...settingsChange(path, current.text, next),
    backupPath: backupFor(path, current.text, next, now),
  };
}

/** What `baton uninstall claude-code` would change: baton's hooks and command files only. */
export async function planUninstall(target: InstallTarget, now: Date): Promise<InstallPlan> {
  const current = await readSettings(target.settingsPath);
  const next =
    current.text === null
      ? null
      : `${JSON.stringify(removeBatonHooks(current.value, target.settingsPath), null, 2)}\n`;
  const commands: PlannedFile[] = [];
  for (const command of slashCommands("baton")) {
    const removal = await planOwnedRemoval(join(target.commandsDir, command.file), BATON_MARKER);
    if (removal !== null) commands.push(removal);
  }
  return {
    settings:
      next === null
        ? { path: target.settingsPath, action: "unchanged" }
        : settingsChange(target.settingsPath, current.text, next),
    backupPath: next === null ? null : backupFor(target.settingsPath, current.text, next, now),
    commands,
    hooks: {},
    mcp: await planMcp(target, null, now),
  };
}

/** Carries a plan out: the backup first, then the settings (atomically), then the commands. */
export async function applyPlan(plan: InstallPlan): Promise<void> {
  const { settings } = plan;
  if (plan.backupPath !== null) await copyFile(settings.path, plan.backupPath);
  if ((settings.action === "create" || settings.action === "update") && settings.content) {
    await makeFolders(dirname(settings.path));
    await replaceFile(settings.path, settings.content);
  }
  const { mcp } = plan;
  if (mcp.backupPath !== null) await copyFile(mcp.path, mcp.backupPath);
  if ((mcp.action === "create" || mcp.action === "update") && mcp.content) {
    await makeFolders(dirname(mcp.path));
    await replaceFile(mcp.path, mcp.content);
  }
  for (const file of plan.commands) {
    if ((file.action === "create" || file.action === "update") && file.content !== undefined) {
      await makeFolders(dirname(file.path));
      await replaceFile(file.path, file.content);
    } else if (file.action === "remove") {
      await unlink(file.path);
    }
  }
}

function settingsChange(path: string, before: string | null, after: string): PlannedFile {
  if (before === null) return { path, action: "create", content: after };
  if (sameJson(before, after)) return { path, action: "unchanged" };
  return { path, action: "update", content: after };
}

function backupFor(path: string, before: string | null, after: string, now: Date): string | null {
  if (before === null || sameJson(before, after)) return null;
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${path}.${stamp}.baton-backup`;
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/**
 * The settings as they are: none yet is fine; a file that is not JSON is refused, naming
 * the file and the parser's complaint, because rewriting it would lose what it holds.
 */
async function readSettings(path: string): Promise<{ text: string | null; value: unknown }> {
  const text = await readOptional(path);
  if (text === null) return { text: null, value: {} };
  if (text.trim() === "") return { text, value: {} };
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BatonError(
      "parse",
      `${path} is not valid JSON (${reason}); fix or move it, then run the install again. Nothing was changed.`,
    );
  }
}
