import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../cli/run-baton.ts";

/** The project's pinned Node: the system's may be older than baton needs. */
export const PINNED_NODE = join(PROJECT_ROOT, "node_modules/node/bin/node");

/** npm's own script, run by the pinned Node: the npm on PATH may be started by an older one. */
export function npmCli(): string {
  const npm = execFileSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
  return join(dirname(realpathSync(npm)), "npm-cli.js");
}

/**
 * An environment for npm and the installed baton: this one without npm's own settings
 * (npm_config_* of the npm that runs the tests would steer an install) or BATON_*.
 */
export function packageEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.toLowerCase().startsWith("npm_") || key.startsWith("BATON_")) continue;
    clean[key] = value;
  }
  return { ...clean, ...extra };
}

export interface PackedBaton {
  tarball: string;
  /** Each packed file's path and mode. */
  files: { path: string; mode: number }[];
}

/**
 * `npm pack` of this checkout into `dir`, of the dist/ that `npm ci` built (its `prepare`;
 * built here if missing): packing with scripts would rebuild it in place while other tests
 * run the CLI from it.
 */
export function packBaton(dir: string, env: NodeJS.ProcessEnv = packageEnv()): PackedBaton {
  if (!existsSync(join(PROJECT_ROOT, "dist/cli/main.js"))) {
    execFileSync("npm", ["run", "build"], { cwd: PROJECT_ROOT, stdio: "ignore" });
  }
  const pack = spawnSync(
    PINNED_NODE,
    [npmCli(), "pack", "--ignore-scripts", "--pack-destination", dir, "--json"],
    { cwd: PROJECT_ROOT, env, encoding: "utf8" },
  );
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: PackedBaton["files"] }[];
  if (packed === undefined)
    throw new Error(`npm pack said nothing of its tarball:\n${pack.stdout}`);
  return { tarball: join(dir, packed.filename), files: packed.files };
}

/**
 * `npm install` of the tarball in `dir` (a project, with `--save-dev`; or a prefix, with
 * `-g`), filling what npm's cache lacks from the registry.
 */
export function npmInstall(
  tarball: string,
  where: { project: string } | { globalPrefix: string },
  env: NodeJS.ProcessEnv = packageEnv(),
): void {
  const target = "project" in where ? ["--save-dev"] : ["-g", "--prefix", where.globalPrefix];
  const install = spawnSync(
    PINNED_NODE,
    [npmCli(), "install", ...target, "--prefer-offline", "--no-audit", "--no-fund", tarball],
    {
      cwd: "project" in where ? where.project : dirname(tarball),
      env,
      encoding: "utf8",
      timeout: 240_000,
    },
  );
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
}
