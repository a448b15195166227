import { packageModule } from "../core/package-root.ts";

/**
 * The entry scripts of this very copy of baton: `dist/cli/*.js` when built, the source
 * `src/cli/*.ts` when run from a checkout. Hooks and background workers are started with
 * them, so they run the baton that installed them, with or without a `baton` on PATH.
 */
function cliScript(name: string): string {
  return packageModule(`cli/${name}`);
}

/** The CLI: `baton …`. */
export function batonEntryPath(): string {
  return cliScript("main");
}

/** The hooks' light entry: `hook-main <agent> <event>`, as `baton hook` without the CLI shell. */
export function hookEntryPath(): string {
  return cliScript("hook-main");
}
