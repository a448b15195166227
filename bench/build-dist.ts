import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/**
 * This source tree built to `.bench/dist` (what an installed package runs), so the figures
 * are of this tree; null when the build failed.
 */
export function buildDist(): string | null {
  const out = join(ROOT, ".bench/dist");
  spawnSync(
    process.execPath,
    [
      join(ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      join(ROOT, "tsconfig.build.json"),
      "--outDir",
      out,
    ],
    { stdio: "ignore" },
  );
  return existsSync(join(out, "cli/main.js")) ? out : null;
}
