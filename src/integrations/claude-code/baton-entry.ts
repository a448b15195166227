import { fileURLToPath } from "node:url";

/**
 * The CLI entry script of this very copy of baton: `dist/cli/main.js` when built, the
 * source `src/cli/main.ts` when run from a checkout. Hooks and background workers are
 * started with it, so they run the baton that installed them, with or without a `baton`
 * on PATH.
 */
export function batonEntryPath(): string {
  const extension = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return fileURLToPath(new URL(`../../cli/main.${extension}`, import.meta.url));
}
