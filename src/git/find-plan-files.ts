import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";

export type PlanFileKind = "plan" | "spec" | "todo";

export interface PlanFile {
  /** Relative to the root, with `/` separators. */
  path: string;
  mtime: Date;
  kind: PlanFileKind;
}

export interface FindPlanFilesOptions {
  /** At most this many files in all; root PLAN.md and TODO.md are never cut. Default 5. */
  limit?: number;
  /** Files in the plan folders older than this are left out. Default 14. */
  maxAgeDays?: number;
  now?: Date;
}

/** Where planning tools write: Claude Code plan mode, superpowers, and common conventions. */
const PLAN_FOLDERS: ReadonlyArray<readonly [string, PlanFileKind]> = [
  [".claude/plans", "plan"],
  ["docs/superpowers/plans", "plan"],
  ["docs/superpowers/specs", "spec"],
  ["docs/plans", "plan"],
];
const ROOT_FILES: ReadonlyMap<string, PlanFileKind> = new Map([
  ["plan.md", "plan"],
  ["todo.md", "todo"],
]);
/** Documents a reader can open; images and data in a plans folder are not "files to read". */
const TEXT_EXTENSIONS = new Set([".md", ".mdx", ".markdown", ".txt"]);
const MAX_DEPTH = 3;
/** Bounds the scan of a plans folder that grew into an archive of thousands of files. */
const MAX_ENTRIES_PER_FOLDER = 2000;

/** Recent plan and spec files under `root`, newest first, for the Files to Read section. */
export async function findPlanFiles(
  root: string,
  options: FindPlanFilesOptions = {},
): Promise<PlanFile[]> {
  const limit = options.limit ?? 5;
  const oldest = (options.now ?? new Date()).getTime() - (options.maxAgeDays ?? 14) * 86_400_000;

  const [rootFiles, ...folders] = await Promise.all([
    findRootFiles(root),
    ...PLAN_FOLDERS.map(([folder, kind]) => findInFolder(root, folder, kind)),
  ]);
  const recent = folders
    .flat()
    .filter((file) => file.mtime.getTime() >= oldest)
    .sort(newestFirst)
    .slice(0, Math.max(0, limit - rootFiles.length));
  return [...rootFiles, ...recent].sort(newestFirst);
}

async function findRootFiles(root: string): Promise<PlanFile[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const found: PlanFile[] = [];
  for (const entry of entries) {
    const kind = ROOT_FILES.get(entry.name.toLowerCase());
    if (kind === undefined) continue;
    const file = await statFile(root, join(root, entry.name), kind);
    if (file !== null) found.push(file);
  }
  return found;
}

async function findInFolder(root: string, folder: string, kind: PlanFileKind): Promise<PlanFile[]> {
  const found: PlanFile[] = [];
  let budget = MAX_ENTRIES_PER_FOLDER;
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (--budget < 0) return;
      if (entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      // Symlinked folders are not followed: they can loop or lead out of the project.
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(full, depth + 1);
      } else if (TEXT_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        const file = await statFile(root, full, kind);
        if (file !== null) found.push(file);
      }
    }
  };
  await walk(join(root, folder), 1);
  return found;
}

async function statFile(root: string, full: string, kind: PlanFileKind): Promise<PlanFile | null> {
  const info = await stat(full).catch(() => null);
  if (info === null || !info.isFile()) return null;
  return { path: relative(root, full).split(sep).join("/"), mtime: info.mtime, kind };
}

function newestFirst(a: PlanFile, b: PlanFile): number {
  return b.mtime.getTime() - a.mtime.getTime() || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
