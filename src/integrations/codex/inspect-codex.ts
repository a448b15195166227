import { readFile } from "node:fs/promises";
import type { InspectRequest, InstalledScope, InstallProblem } from "../agent-integration.ts";
import { batonCommands, leadingWords } from "../claude-code/inspect-claude-code.ts";
import { missingPaths } from "../missing-paths.ts";
import { CODEX_HOOK_EVENTS } from "./codex-hook-events.ts";
import { CODEX_MARKER, type CodexScope, codexTarget } from "./install-codex.ts";

const SCOPES: readonly CodexScope[] = ["project", "user"];

/**
 * baton's hooks in Codex's hooks.json at each scope: which events have one, and whether
 * the node and script each names are still there. Whether Codex trusts them is Codex's to
 * say (`codex app-server`), not read here.
 */
export async function inspectCodex(request: InspectRequest): Promise<InstalledScope[]> {
  const scopes: InstalledScope[] = [];
  for (const scope of SCOPES) {
    const { hooksPath } = codexTarget(scope, request.root, request.env, request.homedir);
    scopes.push(await inspectHooks(scope, hooksPath));
  }
  return scopes;
}

async function inspectHooks(scope: CodexScope, path: string): Promise<InstalledScope> {
  const empty = { scope, path, installed: false, detail: null, problems: [], notes: [] };
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null || text.trim() === "") return empty;
  let hooks: unknown;
  try {
    hooks = JSON.parse(text);
  } catch (error) {
    const problem = `${path} is not valid JSON (${(error as Error).message}); Codex ignores it`;
    return { ...empty, problems: [{ problem, fix: `fix the JSON of ${path}` }] };
  }
  const commands = batonCommands(hooks, CODEX_MARKER);
  if (commands.size === 0) return empty;
  const problems: InstallProblem[] = [];
  const reinstall = `baton install codex --scope ${scope}`;
  const absent = CODEX_HOOK_EVENTS.filter((event) => !commands.has(event));
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
  const detail = `${commands.size} of ${CODEX_HOOK_EVENTS.length} hooks`;
  return { scope, path, installed: true, detail, problems, notes: [] };
}
