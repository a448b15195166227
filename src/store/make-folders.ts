import { mkdirSync, statSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { isErrorCode } from "./is-error-code.ts";

/**
 * Creates a folder and its missing parents one level at a time, failing on the first
 * error. Node's `mkdir(path, { recursive: true })` loops for ever where a parent exists
 * but refuses new entries with ENOENT (under /proc or /sys): `baton create --dir /proc/x`
 * spun at half a core. Here a folder that cannot be made ends the walk with that error.
 */
export async function makeFolders(path: string): Promise<void> {
  const missing: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    try {
      if ((await stat(current)).isDirectory()) break;
      throw notAFolder(current);
    } catch (error) {
      if (!isErrorCode(error, "ENOENT")) throw error;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder);
    } catch (error) {
      // Made by a concurrent writer since we looked: what we wanted.
      if (!isErrorCode(error, "EEXIST") || !(await stat(folder)).isDirectory()) throw error;
    }
  }
}

/** `makeFolders` for the synchronous paths (hook logs and markers). */
export function makeFoldersSync(path: string): void {
  const missing: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    try {
      if (statSync(current).isDirectory()) break;
      throw notAFolder(current);
    } catch (error) {
      if (!isErrorCode(error, "ENOENT")) throw error;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if (!isErrorCode(error, "EEXIST") || !statSync(folder).isDirectory()) throw error;
    }
  }
}

function notAFolder(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), {
    code: "ENOTDIR",
    path,
  });
}
