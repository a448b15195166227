import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { InspectRequest, InstalledScope } from "../agent-integration.ts";
import { missingPaths } from "../missing-paths.ts";
import { MANAGED_MARKER, type OpenCodeScope, openCodeTarget } from "./install-opencode.ts";

const SCOPES: readonly OpenCodeScope[] = ["project", "user"];

/**
 * baton's plugin file at each scope, and whether the module it re-exports is still there:
 * OpenCode fails to load a plugin whose import is gone.
 */
export async function inspectOpenCode(request: InspectRequest): Promise<InstalledScope[]> {
  const scopes: InstalledScope[] = [];
  for (const scope of SCOPES) {
    const { configDir } = openCodeTarget(scope, request.root, request.env);
    const path = join(configDir, "plugins", "baton.js");
    const text = await readFile(path, "utf8").catch(() => null);
    if (text === null || !text.includes(MANAGED_MARKER)) {
      scopes.push({ scope, path, installed: false, detail: null, problems: [], notes: [] });
      continue;
    }
    const imported = importedModule(text);
    // The project's own baton, by package name: where Bun finds it, in the repository.
    const module =
      imported === "agent-baton/opencode"
        ? join(request.root, "node_modules/agent-baton/dist/integrations/opencode/plugin.js")
        : imported;
    const reinstall = `baton install opencode --scope ${scope}`;
    const problems =
      module === null
        ? [{ problem: `${path} does not import baton's plugin`, fix: reinstall }]
        : (await missingPaths([module])).map((missing) => ({
            problem: `the plugin imports ${missing}, which is not there (baton moved or was removed)`,
            fix: reinstall,
          }));
    const notes =
      scope === "project" && imported?.startsWith("/")
        ? [
            `${path} names this machine's path (${module}): do not commit it (each teammate installs their own, or use --scope user)`,
          ]
        : [];
    scopes.push({ scope, path, installed: true, detail: "plugin", problems, notes });
  }
  return scopes;
}

/** The module of `export { default } from "…";`, as install writes it (a JSON string). */
function importedModule(text: string): string | null {
  const match = /export\s*\{\s*default\s*\}\s*from\s*("(?:[^"\\]|\\.)*")/.exec(text);
  if (match?.[1] === undefined) return null;
  try {
    return JSON.parse(match[1]) as string;
  } catch {
    return null;
  }
}
