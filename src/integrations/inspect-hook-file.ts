import { readFile } from "node:fs/promises";
import type { InspectRequest, InstalledScope, InstallProblem } from "./agent-integration.ts";
import { hookRunProblems, leadingWords } from "./claude-code/inspect-claude-code.ts";

export interface HookFileInspection {
  scope: string;
  /** The JSON file that holds baton's hooks at this scope. */
  path: string;
  /** The repository root (the project folder's variable in a command stands for it). */
  root: string;
  env: InspectRequest["env"];
  /** baton's id of the agent (for the fix) and its name (for the problem). */
  agent: string;
  displayName: string;
  /** The events baton installs a hook for. */
  events: readonly string[];
  /** Event → baton's command in the file, recognised by its marker. */
  commandsOf: (file: unknown) => Map<string, string>;
  /** Worth knowing about an install found here, given the commands' first words. */
  notes?: (runs: string[]) => string[];
}

/**
 * baton's hooks in an agent's JSON hook file: which events have one, and whether the node
 * and script each names are still there, by absolute path or under the project folder (a
 * moved or removed baton, or a node upgraded away, leaves hooks that only log "baton did
 * not run").
 */
export async function inspectHookFile(request: HookFileInspection): Promise<InstalledScope> {
  const { scope, path } = request;
  const empty = { scope, path, installed: false, detail: null, problems: [], notes: [] };
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null || text.trim() === "") return empty;
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    const problem = `${path} is not valid JSON (${(error as Error).message}); ${request.displayName} ignores it`;
    return { ...empty, problems: [{ problem, fix: `fix the JSON of ${path}` }] };
  }
  const commands = request.commandsOf(file);
  if (commands.size === 0) return empty;
  const problems: InstallProblem[] = [];
  const reinstall = `baton install ${request.agent} --scope ${scope}`;
  const absent = request.events.filter((event) => !commands.has(event));
  if (absent.length > 0) {
    problems.push({ problem: `baton's ${absent.join(", ")} hooks are missing`, fix: reinstall });
  }
  const runs = [...new Set([...commands.values()].flatMap((command) => leadingWords(command, 2)))];
  problems.push(...(await hookRunProblems(runs, request.root, request.env, reinstall)));
  const detail = `${commands.size} of ${request.events.length} hooks`;
  return { scope, path, installed: true, detail, problems, notes: request.notes?.(runs) ?? [] };
}
