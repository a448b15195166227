import { existsSync } from "node:fs";
import { copyFile, rmdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { BatonError } from "../../core/errors.ts";
import { makeFolders } from "../../store/make-folders.ts";
import { replaceFile } from "../../store/write-file-atomic.ts";
import type { FileAction, Launcher } from "../agent-integration.ts";
import { batonCommand, batonMarker, hookCommandLine } from "../claude-code/hook-command-line.ts";
import {
  type CommandHook,
  mergeBatonHooks,
  removeBatonHooks,
} from "../claude-code/merge-settings.ts";
import { planOwnedFile, planOwnedRemoval } from "../owned-files.ts";
import { readOptional } from "../read-optional.ts";
import { CODEX_HOOK_EVENTS, CODEX_HOOK_TIMEOUTS } from "./codex-hook-events.ts";
import { codexSkills } from "./codex-skills.ts";
import { parseConfigToml, setConfigTable, tomlString, valueAt } from "./edit-config-toml.ts";

export const CODEX_MARKER = batonMarker("codex");

/** The name baton's MCP server is registered under: `[mcp_servers.baton]`. */
export const MCP_SERVER_NAME = "baton";

/** project: `<root>/.codex/` (Codex reads it once the project is trusted); user: `$CODEX_HOME`, else `~/.codex`. */
export type CodexScope = "project" | "user";

export interface CodexTarget {
  codexDir: string;
  hooksPath: string;
  skillsDir: string;
  configPath: string;
}

export function codexHome(
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): string {
  return env.CODEX_HOME?.trim() || join(homedir, ".codex");
}

export function codexTarget(
  scope: CodexScope,
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): CodexTarget {
  const codexDir = scope === "user" ? codexHome(env, homedir) : join(root, ".codex");
  return {
    codexDir,
    hooksPath: join(codexDir, "hooks.json"),
    skillsDir: join(codexDir, "skills"),
    configPath: join(codexDir, "config.toml"),
  };
}

export interface PlannedFile {
  path: string;
  action: FileAction;
  reason?: string;
  content?: string;
  /** Where the file is copied before it changes. */
  backup?: string;
}

export interface CodexPlan {
  files: PlannedFile[];
  hooks: Record<string, CommandHook>;
  mcp: { command: string; args: string[] } | null;
}

export function codexHooks(launcher: Launcher): Record<string, CommandHook> {
  return Object.fromEntries(
    CODEX_HOOK_EVENTS.map((event) => [
      event,
      {
        type: "command",
        command: hookCommandLine(event, launcher, "codex"),
        timeout: CODEX_HOOK_TIMEOUTS[event],
      },
    ]),
  );
}

/** What `baton install codex` would change; nothing is written. */
export async function planCodexInstall(
  target: CodexTarget,
  launcher: Launcher,
  now: Date,
): Promise<CodexPlan> {
  const hooks = codexHooks(launcher);
  const mcp = { command: launcher.node, args: [launcher.entry, "mcp"] };
  const files: PlannedFile[] = [];
  const hooksFile = await readJson(target.hooksPath);
  files.push(
    change(
      target.hooksPath,
      hooksFile,
      json(mergeBatonHooks(hooksFile.value, hooks, target.hooksPath, CODEX_MARKER)),
      now,
    ),
  );
  const config = await readOptional(target.configPath);
  const configText = config ?? "";
  const nextConfig = setConfigTable(
    configText,
    ["mcp_servers", MCP_SERVER_NAME],
    [
      `# ${CODEX_MARKER}: written by baton; "baton uninstall codex" removes it`,
      `command = ${tomlString(mcp.command)}`,
      `args = [${mcp.args.map(tomlString).join(", ")}]`,
    ],
    target.configPath,
  );
  files.push(change(target.configPath, { text: config, value: null }, nextConfig, now));
  for (const skill of codexSkills(batonCommand(launcher))) {
    const path = join(target.skillsDir, skill.name, "SKILL.md");
    files.push(await planOwnedFile(path, skill.content, CODEX_MARKER));
  }
  return { files, hooks, mcp };
}

/** What `baton uninstall codex` would change: baton's hooks, skills and MCP server only. */
export async function planCodexUninstall(target: CodexTarget, now: Date): Promise<CodexPlan> {
  const files: PlannedFile[] = [];
  const hooksFile = await readJson(target.hooksPath);
  if (hooksFile.text !== null) {
    files.push(
      change(
        target.hooksPath,
        hooksFile,
        json(removeBatonHooks(hooksFile.value, target.hooksPath, CODEX_MARKER)),
        now,
      ),
    );
  }
  const config = await readOptional(target.configPath);
  if (config !== null) {
    const current = parseConfigToml(config, target.configPath);
    const ours =
      valueAt(current, ["mcp_servers", MCP_SERVER_NAME]) !== undefined &&
      config.includes(CODEX_MARKER);
    const next = ours
      ? setConfigTable(config, ["mcp_servers", MCP_SERVER_NAME], null, target.configPath)
      : config;
    files.push(change(target.configPath, { text: config, value: null }, next, now));
  }
  for (const skill of codexSkills("baton")) {
    const path = join(target.skillsDir, skill.name, "SKILL.md");
    const removal = await planOwnedRemoval(path, CODEX_MARKER);
    if (removal !== null) files.push(removal);
  }
  return { files, hooks: {}, mcp: null };
}

/** Carries a plan out: each file's backup first, then the file (atomically). */
export async function applyCodexPlan(plan: CodexPlan): Promise<void> {
  for (const file of plan.files) {
    // A file changed twice in one install keeps the first backup: the file as it was.
    if (file.backup !== undefined && !existsSync(file.backup)) {
      await copyFile(file.path, file.backup);
    }
    if ((file.action === "create" || file.action === "update") && file.content !== undefined) {
      await makeFolders(dirname(file.path));
      await replaceFile(file.path, file.content);
    } else if (file.action === "remove") {
      await unlink(file.path);
      // The skill's own folder, when nothing else is in it.
      await rmdir(dirname(file.path)).catch(() => undefined);
    }
  }
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** One file's planned change from its text before and after: created, unchanged, or updated with a backup. */
export function change(
  path: string,
  before: { text: string | null; value: unknown },
  after: string,
  now: Date,
): PlannedFile {
  if (before.text === null) return { path, action: "create", content: after };
  if (before.text === after || sameJson(before.text, after)) return { path, action: "unchanged" };
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return { path, action: "update", content: after, backup: `${path}.${stamp}.baton-backup` };
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/** A JSON file as it is: none yet is fine; a file that is not JSON is refused, unchanged. */
export async function readJson(path: string): Promise<{ text: string | null; value: unknown }> {
  const text = await readOptional(path);
  if (text === null || text.trim() === "") return { text, value: {} };
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
