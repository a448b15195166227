import { realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { InspectRequest, InstalledScope, InstallProblem } from "../agent-integration.ts";
import { missingPaths } from "../missing-paths.ts";
import { PI_MANAGED_MARKER, type PiScope, piAgentDir, piExtensionPath } from "./install-pi.ts";

const SCOPES: readonly PiScope[] = ["project", "user"];

/**
 * baton's extension file at each scope: whether the module, node and scripts it names are
 * still there, and, for the project, whether Pi trusts the project (it loads `.pi/extensions`
 * of a trusted project only).
 */
export async function inspectPi(request: InspectRequest): Promise<InstalledScope[]> {
  const scopes: InstalledScope[] = [];
  for (const scope of SCOPES) {
    const path = piExtensionPath(scope, request.root, request.env, request.homedir);
    const text = await readFile(path, "utf8").catch(() => null);
    if (text === null || !text.includes(PI_MANAGED_MARKER)) {
      scopes.push({ scope, path, installed: false, detail: null, problems: [], notes: [] });
      continue;
    }
    const reinstall = `baton install pi --scope ${scope}`;
    const named = [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(
      (match) => JSON.parse(`"${match[1]}"`) as string,
    );
    const imported = /import\s*\{\s*batonExtension\s*\}\s*from\s*"([^"]+)"/.exec(text)?.[1];
    const runs = named.filter((value) => value.startsWith("/"));
    if (imported?.startsWith(".")) {
      // A project's own baton: its module, and the hooks' entry of the same package.
      const module = resolve(dirname(path), imported);
      runs.push(module, resolve(dirname(module), "../../cli/hook-main.js"));
    }
    const problems: InstallProblem[] = (await missingPaths(runs)).map((missing) => ({
      problem: `the extension names ${missing}, which is not there (baton moved, was removed, or node was upgraded)`,
      fix: reinstall,
    }));
    if (imported === undefined || runs.length === 0) {
      problems.push({ problem: `${path} names no baton to run`, fix: reinstall });
    }
    const notes: string[] = [];
    if (scope === "project" && imported?.startsWith("/")) {
      notes.push(
        `${path} names this machine's paths (${imported}): do not commit it (each teammate installs their own, or use --scope user)`,
      );
    }
    if (scope === "project") {
      const trusted = await projectTrust(request);
      if (trusted === false) {
        problems.push({
          problem: "Pi does not trust this project, so it does not load .pi/extensions",
          fix: "trust the project in Pi (/trust), or use --scope user",
        });
      } else if (trusted === null) {
        notes.push(
          "Pi has no trust decision for this project: it asks when it starts interactively, and --print, --mode json and rpc skip .pi/extensions unless run with --approve",
        );
      }
    }
    scopes.push({ scope, path, installed: true, detail: "extension", problems, notes });
  }
  if (scopes.every((found) => found.installed)) {
    for (const found of scopes) {
      found.notes.push(
        "installed at both scopes: Pi runs the one it loads first and leaves the other idle (uninstall one)",
      );
    }
  }
  return scopes;
}

/**
 * Pi's saved decision for the repository (`trust.json` of its agent folder, the nearest
 * folder up that has one, as Pi reads it), or null without one.
 */
async function projectTrust(request: InspectRequest): Promise<boolean | null> {
  const file = `${piAgentDir(request.env, request.homedir)}/trust.json`;
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null) return null;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, "")) as Record<string, unknown>;
  } catch {
    return null;
  }
  let dir: string;
  try {
    dir = realpathSync(request.root);
  } catch {
    dir = request.root;
  }
  for (;;) {
    const decision = data[dir];
    if (decision === true || decision === false) return decision;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
