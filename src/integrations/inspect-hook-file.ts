import { readFile } from "node:fs/promises";
import type { InstalledScope, InstallProblem } from "./agent-integration.ts";
import { leadingWords } from "./claude-code/inspect-claude-code.ts";
import { missingPaths } from "./missing-paths.ts";

export interface HookFileInspection {
  scope: string;
  /** The JSON file that holds baton's hooks at this scope. */
  path: string;
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
 * and script each names by absolute path are still there (a moved or removed baton, or a
 * node upgraded away, leaves hooks that only log "baton did not run").
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
  for (const missing of await missingPaths(runs.filter((word) => word.startsWith("/")))) {
    problems.push({
      problem: `the hooks run ${missing}, which is not there (baton moved, was removed, or node was upgraded)`,
      fix: reinstall,
    });
  }
  const detail = `${commands.size} of ${request.events.length} hooks`;
  return { scope, path, installed: true, detail, problems, notes: request.notes?.(runs) ?? [] };
}
