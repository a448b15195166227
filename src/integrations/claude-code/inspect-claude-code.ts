import { readFile } from "node:fs/promises";
import { isObject } from "../../core/json-object.ts";
import type { InspectRequest, InstalledScope, InstallProblem } from "../agent-integration.ts";
import { findOnPath } from "../find-on-path.ts";
import { missingPaths } from "../missing-paths.ts";
import { BATON_MARKER, expandProjectDir } from "./hook-command-line.ts";
import { type InstallScope, installTarget } from "./install-claude-code.ts";
import { CLAUDE_HOOK_EVENTS } from "./run-claude-hook.ts";

const SCOPES: readonly InstallScope[] = ["project", "local", "user"];

/**
 * baton's hooks in Claude Code's settings at each scope: which events have one, and
 * whether the node and script each names are still there (a moved or removed baton, or a
 * node upgraded away, leaves hooks that only log "baton did not run").
 */
export async function inspectClaudeCode(request: InspectRequest): Promise<InstalledScope[]> {
  const scopes: InstalledScope[] = [];
  for (const scope of SCOPES) {
    const { settingsPath } = installTarget(scope, request.root, request.env, request.homedir);
    scopes.push(await inspectSettings(scope, settingsPath, request.root, request.env));
  }
  return scopes;
}

async function inspectSettings(
  scope: InstallScope,
  path: string,
  root: string,
  env: InspectRequest["env"],
): Promise<InstalledScope> {
  const empty = { scope, path, installed: false, detail: null, problems: [], notes: [] };
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null || text.trim() === "") return empty;
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (error) {
    const problem = `${path} is not valid JSON (${(error as Error).message}); Claude Code ignores it`;
    return { ...empty, problems: [{ problem, fix: `fix the JSON of ${path}` }] };
  }
  const commands = batonCommands(settings);
  if (commands.size === 0) return empty;
  const problems: InstallProblem[] = [];
  const reinstall = `baton install claude-code --scope ${scope}`;
  const absent = CLAUDE_HOOK_EVENTS.filter((event) => !commands.has(event));
  if (absent.length > 0) {
    problems.push({ problem: `baton's ${absent.join(", ")} hooks are missing`, fix: reinstall });
  }
  const runs = [...new Set([...commands.values()].flatMap((command) => leadingWords(command, 2)))];
  problems.push(...(await hookRunProblems(runs, root, env, reinstall)));
  const notes =
    scope === "project" && runs.some((word) => word.startsWith("/"))
      ? [
          `${path} names this machine's paths (${runs.join(", ")}): do not commit it (each teammate installs their own, or use --scope user)`,
        ]
      : [];
  const detail = `${commands.size} of ${CLAUDE_HOOK_EVENTS.length} hooks`;
  return { scope, path, installed: true, detail, problems, notes };
}

/** Event → the command of baton's handler for it, recognised by the marker. */
export function batonCommands(settings: unknown, marker = BATON_MARKER): Map<string, string> {
  const found = new Map<string, string>();
  if (!isObject(settings) || !isObject(settings.hooks)) return found;
  for (const [event, groups] of Object.entries(settings.hooks)) {
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      if (!isObject(group) || !Array.isArray(group.hooks)) continue;
      for (const handler of group.hooks) {
        if (isObject(handler) && typeof handler.command === "string") {
          if (handler.command.includes(marker)) found.set(event, handler.command);
        }
      }
    }
  }
  return found;
}

/** The first words of a command `shellQuote` wrote: bare, or in single quotes with `'\''`. */
export function leadingWords(command: string, count: number): string[] {
  const words: string[] = [];
  const word = /\s*('(?:[^']|'\\'')*'|[^\s']+)/y;
  for (let i = 0; i < count; i++) {
    const match = word.exec(command);
    if (match === null) break;
    const raw = match[1] ?? "";
    words.push(raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw);
  }
  return words;
}

/**
 * What is wrong with the node and script a set of hooks runs: a word with a `/` (absolute,
 * or under the project folder's variable) that is not there, a bare command not on PATH.
 */
export async function hookRunProblems(
  runs: readonly string[],
  root: string,
  env: InspectRequest["env"],
  reinstall: string,
): Promise<InstallProblem[]> {
  const problems: InstallProblem[] = [];
  const resolved: string[] = [];
  for (const word of runs) {
    // The project's own baton: `node` on PATH, the script under the project's folder.
    const expanded = expandProjectDir(word, root);
    if (expanded.includes("/")) resolved.push(expanded);
    else if ((await findOnPath(expanded, env)) === null) {
      problems.push({
        problem: `the hooks run \`${expanded}\`, which is not on PATH`,
        fix: `install Node.js 22.13 or newer so that \`${expanded}\` is on PATH`,
      });
    }
  }
  for (const path of await missingPaths(resolved)) {
    problems.push({
      problem: `the hooks run ${path}, which is not there (baton moved, was removed, or node was upgraded)`,
      fix: reinstall,
    });
  }
  return problems;
}
