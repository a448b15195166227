import { readFile } from "node:fs/promises";
import { isObject } from "../../core/json-object.ts";
import type { InspectRequest, InstalledScope, InstallProblem } from "../agent-integration.ts";
import { leadingWords } from "../claude-code/inspect-claude-code.ts";
import { missingPaths } from "../missing-paths.ts";
import { COPILOT_HOOK_EVENTS } from "./copilot-hook-events.ts";
import { COPILOT_MARKER, type CopilotScope, copilotTarget } from "./install-copilot.ts";

const SCOPES: readonly CopilotScope[] = ["project", "user"];

/**
 * baton's hook file at each scope: which events have baton's command, and whether the node
 * and script it names are still there. Whether Copilot trusts the folder (repository hooks
 * load only in a trusted folder) is Copilot's to say, not read here.
 */
export async function inspectCopilot(request: InspectRequest): Promise<InstalledScope[]> {
  const scopes: InstalledScope[] = [];
  for (const scope of SCOPES) {
    const { hooksPath } = copilotTarget(scope, request.root, request.env, request.homedir);
    scopes.push(await inspectHooks(scope, hooksPath));
  }
  return scopes;
}

async function inspectHooks(scope: CopilotScope, path: string): Promise<InstalledScope> {
  const empty = { scope, path, installed: false, detail: null, problems: [], notes: [] };
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null || text.trim() === "") return empty;
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    const problem = `${path} is not valid JSON (${(error as Error).message}); Copilot ignores it`;
    return { ...empty, problems: [{ problem, fix: `fix the JSON of ${path}` }] };
  }
  const commands = batonCommands(file);
  if (commands.size === 0) return empty;
  const problems: InstallProblem[] = [];
  const reinstall = `baton install copilot --scope ${scope}`;
  const absent = COPILOT_HOOK_EVENTS.filter((event) => !commands.has(event));
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
  const notes =
    scope === "project"
      ? [
          `${path} names this machine's node and baton by absolute path: do not commit it (each teammate runs \`baton install copilot\`, or use --scope user)`,
        ]
      : [];
  const detail = `${commands.size} of ${COPILOT_HOOK_EVENTS.length} hooks`;
  return { scope, path, installed: true, detail, problems, notes };
}

/** Event → baton's command in Copilot's `{version, hooks: {<event>: [{bash}]}}`. */
function batonCommands(file: unknown): Map<string, string> {
  const found = new Map<string, string>();
  if (!isObject(file) || !isObject(file.hooks)) return found;
  for (const [event, handlers] of Object.entries(file.hooks)) {
    if (!Array.isArray(handlers)) continue;
    for (const handler of handlers) {
      if (isObject(handler) && typeof handler.bash === "string") {
        if (handler.bash.includes(COPILOT_MARKER)) found.set(event, handler.bash);
      }
    }
  }
  return found;
}
