import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/**
 * This source tree built to `.bench/dist` as `npm run build` builds it (tsc, then the CLI
 * and hook entries bundled): what an installed package runs, so the figures are of this
 * tree; null when the build failed.
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
  if (!existsSync(join(out, "cli/main.js"))) return null;
  const bundled = spawnSync(process.execPath, [join(ROOT, "scripts/bundle-cli.ts"), out], {
    stdio: "ignore",
  });
  return bundled.status === 0 ? out : null;
}
