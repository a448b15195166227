import { join } from "node:path";
import { isObject, type JsonObject } from "../../core/json-object.ts";
import type { Launcher } from "./hook-command-line.ts";

/** The name baton's MCP server is registered under. */
export const MCP_SERVER_NAME = "baton";

/**
 * Where `claude mcp add --scope <scope>` registers a server (Claude Code 2.1.197): the
 * project's `.mcp.json`; for the user, `mcpServers` of `.claude.json` in
 * `$CLAUDE_CONFIG_DIR`, else the home folder; for local, that file's entry of the project.
 */
export function mcpRegistration(
  scope: "project" | "local" | "user",
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): { path: string; keys: string[] } {
  if (scope === "project") return { path: join(root, ".mcp.json"), keys: ["mcpServers"] };
  const dir = env.CLAUDE_CONFIG_DIR?.trim() || homedir;
  const path = join(dir, ".claude.json");
  return { path, keys: scope === "user" ? ["mcpServers"] : ["projects", root, "mcpServers"] };
}

export function mcpServerEntry(launcher: Launcher): JsonObject {
  // The project's own baton: npx finds it in node_modules/.bin (Claude Code starts project
  // servers in the project), so a committed .mcp.json names no machine's paths.
  if (launcher.inProject !== undefined) {
    return { type: "stdio", command: "npx", args: ["baton", "mcp"], env: {} };
  }
  return { type: "stdio", command: launcher.node, args: [launcher.entry, "mcp"], env: {} };
}

/** The document with baton's server set (or, with null, taken out if it is baton's). */
export function withMcpServer(
  document: unknown,
  keys: readonly string[],
  entry: JsonObject | null,
): JsonObject {
  const root: JsonObject = isObject(document) ? { ...document } : {};
  let parent = root;
  for (const key of keys) {
    const child = parent[key];
    const copy: JsonObject = isObject(child) ? { ...child } : {};
    if (entry === null && !isObject(child)) return root;
    parent[key] = copy;
    parent = copy;
  }
  if (entry !== null) parent[MCP_SERVER_NAME] = entry;
  else if (isBatonServer(parent[MCP_SERVER_NAME])) delete parent[MCP_SERVER_NAME];
  return root;
}

/** A server entry baton wrote: a baton CLI script, or the project's `npx baton`, with `mcp`. */
function isBatonServer(entry: unknown): boolean {
  if (!isObject(entry) || !Array.isArray(entry.args)) return false;
  const [script, command] = entry.args;
  if (command !== "mcp" || typeof script !== "string") return false;
  return /\/cli\/main\.[jt]s$/.test(script) || (entry.command === "npx" && script === "baton");
}
