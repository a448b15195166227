import { lstat, readlink, realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { BatonError } from "../core/errors.ts";
import { isErrorCode } from "./is-error-code.ts";

export const ALLOW_OUTSIDE_ENV = "BATON_ALLOW_OUTSIDE";

/** Where a handoff folder really is: its path with every link followed. */
export interface RealHandoffDir {
  real: string;
  /** The real path differs from the path given: a link on the way. */
  linked: boolean;
  outside: boolean;
}

/**
 * Checks that the handoff folder (and its archive) resolves inside `root`, following
 * links, including in parts that do not exist yet. A folder set to somewhere else by
 * `--dir` or `BATON_DIR`, or a `docs/handoffs` that is a link to elsewhere, would have
 * baton write a project's handoffs where nobody looks for them (or where they should
 * not go); that happens only when asked for with `allowOutside`.
 */
export async function confineHandoffDir(
  root: string,
  dirs: readonly string[],
  allowOutside: boolean,
): Promise<RealHandoffDir> {
  const realRoot = await realpath(root).catch(() => root);
  let first: RealHandoffDir | undefined;
  for (const dir of dirs) {
    const real = await realPathOf(dir);
    const rel = relative(realRoot, real);
    const outside = rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
    const found = { real, linked: real !== dir, outside };
    first ??= found;
    if (outside && !allowOutside) {
      const how = found.linked ? ` resolves to ${real}, which is` : " is";
      throw new BatonError(
        "usage",
        `the handoff folder ${dir}${how} outside the repository ${root}; pass --allow-outside or set ${ALLOW_OUTSIDE_ENV}=1 to use it anyway`,
      );
    }
  }
  if (first === undefined) throw new Error("confineHandoffDir needs a folder");
  return first;
}

/**
 * `realpath` of the deepest part that exists, with the rest (not made yet) appended. A
 * link to a place that does not exist yet is followed too: writing through it would
 * create its target.
 */
async function realPathOf(path: string, depth = 0): Promise<string> {
  const rest: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    if (await exists(current)) {
      try {
        return join(await realpath(current), ...rest.reverse());
      } catch (error) {
        if (!isErrorCode(error, "ENOENT") || depth > 40) throw error;
        const target = resolve(dirname(current), await readlink(current));
        return realPathOf(join(target, ...rest.reverse()), depth + 1);
      }
    }
    if (dirname(current) === current) return path;
    rest.push(basename(current));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    // A file in the way of a folder is reported by whoever tries to use the folder.
    if (isErrorCode(error, "ENOENT") || isErrorCode(error, "ENOTDIR")) return false;
    throw error;
  }
}

/** `BATON_ALLOW_OUTSIDE` set to anything but empty, 0 or false. */
export function allowOutsideFromEnv(env: NodeJS.ProcessEnv): boolean {
  const value = env[ALLOW_OUTSIDE_ENV]?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}
