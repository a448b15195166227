import { readFile, rm, rmdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { packageModule } from "../../core/package-root.ts";
import { makeFolders } from "../../store/make-folders.ts";

export type OpenCodeScope = "project" | "user";

/** Every file baton writes carries this line, so uninstall removes only its own files. */
export const MANAGED_MARKER = "baton-managed: baton install opencode";

export interface OpenCodeTarget {
  scope: OpenCodeScope;
  /** `.opencode/` of the project, or OpenCode's global config folder. */
  configDir: string;
}

export interface FileChange {
  path: string;
  action: "create" | "update" | "unchanged" | "remove" | "absent" | "skip";
  reason?: string;
}

/**
 * Where OpenCode looks for local plugins and commands: `<repo>/.opencode/` for the
 * project, `$XDG_CONFIG_HOME/opencode/` (else `~/.config/opencode/`) for the user.
 */
export function openCodeTarget(
  scope: OpenCodeScope,
  repoRoot: string,
  env: NodeJS.ProcessEnv,
): OpenCodeTarget {
  if (scope === "project") return { scope, configDir: join(repoRoot, ".opencode") };
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg ? xdg : join(env.HOME?.trim() || homedir(), ".config");
  return { scope, configDir: join(base, "opencode") };
}

/**
 * The plugin module of this very baton, by absolute path: the installed plugin file
 * imports it from there, so it needs neither a registry nor baton on PATH. Run from the
 * sources (tests, a checkout), that is the TypeScript file, which OpenCode's Bun loads.
 */
export function pluginModulePath(): string {
  return packageModule("integrations/opencode/plugin");
}

/** The files `baton install opencode` writes, path → content. */
export function managedFiles(target: OpenCodeTarget, modulePath: string): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    join(target.configDir, "plugins", "baton.js"),
    [
      `// ${MANAGED_MARKER} (\`baton uninstall opencode\` removes it)`,
      "// baton's tools session_handoff, read_session and session, and a handoff before each compaction.",
      `export { default } from ${JSON.stringify(modulePath)};`,
      "",
    ].join("\n"),
  );
  files.set(
    join(target.configDir, "commands", "session-handoff.md"),
    [
      "---",
      "description: Hand this session off to a new one (baton)",
      "---",
      `<!-- ${MANAGED_MARKER} -->`,
      "Call the session_handoff tool now with preview: true. Summarize where the work stands in",
      "1-3 sentences, and give the goal, the next steps, what is blocked, the key decisions and",
      "the files to read first, as far as you know them. It writes nothing and returns the draft:",
      "show it to the user and ask whether to start the new session with it, then stop and wait.",
      "Only when the user confirms, call session_handoff again with the same arguments without",
      "preview; then stop: the work continues in the new session. If the user cancels, do nothing.",
      "",
      "$ARGUMENTS",
      "",
    ].join("\n"),
  );
  return files;
}

/** Writes the managed files; a same-named file baton did not write is left alone. */
export async function installOpenCode(
  target: OpenCodeTarget,
  modulePath: string,
  options: { dryRun?: boolean } = {},
): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const [path, content] of managedFiles(target, modulePath)) {
    const current = await readFile(path, "utf8").catch(() => null);
    if (current === content) {
      changes.push({ path, action: "unchanged" });
      continue;
    }
    if (current !== null && !current.includes(MANAGED_MARKER)) {
      changes.push({ path, action: "skip", reason: "exists and was not written by baton" });
      continue;
    }
    changes.push({ path, action: current === null ? "create" : "update" });
    if (options.dryRun) continue;
    await makeFolders(dirname(path));
    await writeFile(path, content);
  }
  return changes;
}

/** Removes the managed files baton wrote; anything else (and OpenCode's own files) stays. */
export async function uninstallOpenCode(
  target: OpenCodeTarget,
  options: { dryRun?: boolean } = {},
): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const path of managedFiles(target, "").keys()) {
    const current = await readFile(path, "utf8").catch(() => null);
    if (current === null) {
      changes.push({ path, action: "absent" });
    } else if (!current.includes(MANAGED_MARKER)) {
      changes.push({ path, action: "skip", reason: "was not written by baton" });
    } else {
      changes.push({ path, action: "remove" });
      if (!options.dryRun) await rm(path, { force: true });
    }
  }
  if (!options.dryRun) {
    // Folders install created are removed when empty; rmdir refuses any that are not.
    for (const dir of [...new Set(changes.map((c) => dirname(c.path))), target.configDir]) {
      await rmdir(dir).catch(() => undefined);
    }
  }
  return changes;
}
