import { readFile } from "node:fs/promises";
import { isObject } from "../../core/json-object.ts";
import type { InspectRequest, InstalledScope, InstallProblem } from "../agent-integration.ts";
import {
  batonCommands,
  hookRunProblems,
  leadingWords,
} from "../claude-code/inspect-claude-code.ts";
import { GEMINI_MARKER } from "./gemini-commands.ts";
import { GEMINI_HOOK_EVENTS } from "./gemini-hook-events.ts";
import { type GeminiScope, geminiTarget } from "./install-gemini-cli.ts";

const SCOPES: readonly GeminiScope[] = ["project", "user"];

/**
 * baton's hooks and MCP server in Gemini CLI's settings.json at each scope: which events
 * have a hook, whether the server is registered, and whether the node and script they name
 * are still there.
 */
export async function inspectGeminiCli(request: InspectRequest): Promise<InstalledScope[]> {
  const scopes: InstalledScope[] = [];
  for (const scope of SCOPES) {
    const { settingsPath } = geminiTarget(scope, request.root, request.env, request.homedir);
    scopes.push(await inspectSettings(scope, settingsPath, request));
  }
  return scopes;
}

async function inspectSettings(
  scope: GeminiScope,
  path: string,
  request: InspectRequest,
): Promise<InstalledScope> {
  const empty = { scope, path, installed: false, detail: null, problems: [], notes: [] };
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null || text.trim() === "") return empty;
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (error) {
    const problem = `${path} is not plain JSON (${(error as Error).message}); baton cannot check it`;
    return { ...empty, problems: [{ problem, fix: `fix the JSON of ${path}` }] };
  }
  const commands = batonCommands(settings, GEMINI_MARKER);
  if (commands.size === 0) return empty;
  const problems: InstallProblem[] = [];
  const reinstall = `baton install gemini-cli --scope ${scope}`;
  const absent = GEMINI_HOOK_EVENTS.filter((event) => !commands.has(event));
  if (absent.length > 0) {
    problems.push({ problem: `baton's ${absent.join(", ")} hooks are missing`, fix: reinstall });
  }
  const server =
    isObject(settings) && isObject(settings.mcpServers) ? settings.mcpServers.baton : undefined;
  if (!isObject(server)) {
    problems.push({ problem: "baton's MCP server is not in mcpServers", fix: reinstall });
  }
  const runs = [...new Set([...commands.values()].flatMap((command) => leadingWords(command, 2)))];
  problems.push(...(await hookRunProblems(runs, request.root, request.env, reinstall)));
  // The project's own baton (node on PATH, the script under the project) names no machine's paths.
  const notes =
    scope === "project" && runs.some((word) => word.startsWith("/"))
      ? [
          `${path} names this machine's node and baton: do not commit it; Gemini CLI runs its hooks only while the folder is trusted`,
        ]
      : [];
  const detail = `${commands.size} of ${GEMINI_HOOK_EVENTS.length} hooks${isObject(server) ? ", MCP server" : ""}`;
  return { scope, path, installed: true, detail, problems, notes };
}
