import { copyFile, rmdir, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative } from "node:path";
import { packageModule } from "../../core/package-root.ts";
import { makeFolders } from "../../store/make-folders.ts";
import { replaceFile } from "../../store/write-file-atomic.ts";
import type { Env } from "../baton-state-dir.ts";
import { readOptional } from "../read-optional.ts";

export type PiScope = "project" | "user";

/** Every file baton writes carries this line, so uninstall removes only its own file. */
export const PI_MANAGED_MARKER = "baton-managed: baton install pi";

/** The extension file of a scope: Pi loads every `*.ts` of these folders. */
export function piExtensionPath(scope: PiScope, root: string, env: Env, home: string): string {
  if (scope === "project") return join(root, ".pi", "extensions", "baton.ts");
  return join(piAgentDir(env, home), "extensions", "baton.ts");
}

/** Pi's agent folder: `PI_CODING_AGENT_DIR`, else `~/.pi/agent` (Pi 1.6.0's `getAgentDir`). */
export function piAgentDir(env: Env, home: string): string {
  const set = env.PI_CODING_AGENT_DIR?.trim();
  if (set) return set.startsWith("~/") ? join(home, set.slice(2)) : set;
  return join(home || homedir(), ".pi", "agent");
}

/** The module of this very baton that holds the extension (the `.ts` source in a checkout). */
export function extensionModulePath(): string {
  return packageModule("integrations/pi/pi-extension");
}

export interface PiPaths {
  node: string;
  entry: string;
  hookEntry: string;
  /** The project's own baton (`node_modules/agent-baton`), for the project scope. */
  inProject?: string | undefined;
}

/**
 * The extension file: it imports baton's extension module and hands it this baton's node
 * and scripts, all by absolute path, so nothing of baton is copied into Pi's folders and the
 * hooks run without baton on PATH.
 */
export function extensionFile(modulePath: string, paths: PiPaths): string {
  if (paths.inProject !== undefined) return projectExtensionFile(paths.inProject);
  return [
    `// ${PI_MANAGED_MARKER} (\`baton uninstall pi\` removes it)`,
    "// Handoffs around compaction and at session start, /handoff, and baton's MCP tools.",
    `import { batonExtension } from ${JSON.stringify(modulePath)};`,
    "",
    "export default batonExtension({",
    `  node: ${JSON.stringify(paths.node)},`,
    `  entry: ${JSON.stringify(paths.entry)},`,
    `  hookEntry: ${JSON.stringify(paths.hookEntry)},`,
    "});",
    "",
  ].join("\n");
}

/**
 * The extension file of a project whose own baton (a dependency) installed it: the module is
 * imported from `node_modules` relative to the file (Pi loads `.pi/extensions` of the folder
 * it starts in, the repository's root), and runs its own package's scripts with the `node` on
 * PATH, so the file names no machine's paths and can be committed.
 */
function projectExtensionFile(inProject: string): string {
  return [
    `// ${PI_MANAGED_MARKER} (\`baton uninstall pi\` removes it)`,
    "// Handoffs around compaction and at session start, /handoff, and baton's MCP tools.",
    `import { batonExtension } from "../../${inProject}/dist/integrations/pi/pi-extension.js";`,
    "",
    "export default batonExtension();",
    "",
  ].join("\n");
}

export interface PiFileChange {
  path: string;
  action: "create" | "update" | "unchanged" | "remove" | "absent" | "skip";
  reason?: string;
  /** Where the file was copied before it changed. */
  backup?: string;
}

/**
 * Writes the extension file; a same-named file baton did not write is left alone, and one it
 * wrote that changed (another baton, or edited by hand) is backed up before it is replaced.
 */
export async function installPi(
  path: string,
  content: string,
  options: { dryRun: boolean; now: Date },
): Promise<PiFileChange[]> {
  const current = await readOptional(path);
  if (current === content) return [{ path, action: "unchanged" }];
  if (current !== null && !current.includes(PI_MANAGED_MARKER)) {
    return [{ path, action: "skip", reason: "exists and was not written by baton" }];
  }
  const backup = current === null ? undefined : backupPath(path, options.now);
  if (!options.dryRun) {
    if (backup !== undefined) await copyFile(path, backup);
    await makeFolders(dirname(path));
    await replaceFile(path, content);
  }
  return [{ path, action: current === null ? "create" : "update", ...(backup ? { backup } : {}) }];
}

/** Removes baton's extension file, and the folders install made when they are left empty. */
export async function uninstallPi(
  path: string,
  options: { dryRun: boolean; stopAt: string },
): Promise<PiFileChange[]> {
  const current = await readOptional(path);
  if (current === null) return [{ path, action: "absent" }];
  if (!current.includes(PI_MANAGED_MARKER)) {
    return [{ path, action: "skip", reason: "was not written by baton" }];
  }
  if (!options.dryRun) {
    await unlink(path);
    // rmdir refuses a folder that holds anything: only empty ones go, up to the scope's base.
    for (let dir = dirname(path); relative(options.stopAt, dir) !== ""; dir = dirname(dir)) {
      if (relative(options.stopAt, dir).startsWith("..")) break;
      if (
        !(await rmdir(dir).then(
          () => true,
          () => false,
        ))
      )
        break;
    }
  }
  return [{ path, action: "remove" }];
}

function backupPath(path: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  // Not `.ts` or `.js`: Pi would load a backup as a second extension.
  return `${path}.${stamp}.baton-backup`;
}
