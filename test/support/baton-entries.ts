import { existsSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * Which baton the live tests install into the agents and run: the sources by default, or
 * with `BATON_TEST_BUILT=1` the built package (`dist/`, what `npm install` gives a user:
 * bundled, faster to start, and where a bug of the build itself shows). Build it first:
 * `npm run build && BATON_TEST_BUILT=1 npx vitest run test/live`.
 */
export const TEST_BUILT = process.env.BATON_TEST_BUILT === "1";

function entry(name: string): string {
  if (!TEST_BUILT) return resolve(ROOT, `src/cli/${name}.ts`);
  const built = resolve(ROOT, `dist/cli/${name}.js`);
  if (!existsSync(built)) {
    throw new Error(`BATON_TEST_BUILT=1 but ${built} is missing: run npm run build first`);
  }
  return built;
}

/** The CLI the tests run (`baton …`). */
export const BATON_MAIN = entry("main");
/** The hooks' entry (`hook-main <agent> <event>`). */
export const BATON_HOOK_MAIN = entry("hook-main");
