import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where this copy of baton lives. Every file this code can be in sits two folders below the
 * package root: `src/<area>/x.ts` run from a checkout, `dist/<area>/x.js` as tsc builds it,
 * and the bundled entries `dist/cli/main.js`, `dist/cli/hook-main.js` and
 * `dist/adapters/read-session-worker.js` (see `scripts/bundle-cli.ts`), which hold this
 * code inlined. Paths to the package's own files are made from here, never from the
 * caller's module, whose place differs between the sources and the bundle.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const FROM_SOURCE = import.meta.url.endsWith(".ts");

/**
 * A module of this copy of baton by its path under `src/` without extension
 * (`cli/main`): the TypeScript source when run from a checkout, the built `.js` otherwise.
 */
export function packageModule(pathInSource: string): string {
  return join(
    PACKAGE_ROOT,
    FROM_SOURCE ? "src" : "dist",
    `${pathInSource}.${FROM_SOURCE ? "ts" : "js"}`,
  );
}
