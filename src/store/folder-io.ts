import { constants } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { BatonError, type Result } from "../core/errors.ts";
import { isErrorCode } from "./is-error-code.ts";
import { makeFolders } from "./make-folders.ts";

/**
 * Turns a file-system failure into a one-line BatonError naming the path, so the CLI can
 * print it as it is. Baton's own errors pass through unchanged.
 */
export function toStoreError(error: unknown, path: string, action: string): BatonError {
  if (BatonError.is(error)) return error;
  const reason = fsReason(error);
  if (isErrorCode(error, "ENOTDIR") || isErrorCode(error, "EEXIST")) {
    return new BatonError("store", `cannot ${action} ${path}: a file is in the way of a folder`, {
      cause: error,
    });
  }
  return new BatonError("io", `cannot ${action} ${path}: ${reason}`, { cause: error });
}

function fsReason(error: unknown): string {
  if (isErrorCode(error, "EACCES") || isErrorCode(error, "EPERM")) return "permission denied";
  if (isErrorCode(error, "EROFS")) return "read-only file system";
  if (isErrorCode(error, "ENOSPC")) return "no space left on device";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether the folder exists; a file at its path is an error, not "missing", because
 * writing there would fail later with a less helpful message.
 */
export async function folderExists(path: string, label: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) throw notAFolder(path, label);
    return true;
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return false;
    // A file where a parent folder should be: the same mistake as a file at the path.
    if (isErrorCode(error, "ENOTDIR")) throw notAFolder(path, label);
    throw toStoreError(error, path, `read the ${label}`);
  }
}

/** Creates the folder (and its parents) unless it exists. */
export async function ensureFolder(path: string, label: string): Promise<void> {
  if (await folderExists(path, label)) return;
  try {
    await makeFolders(path);
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) {
      // The parent exists (makeFolders checked) yet refuses a new folder: /proc, /sys.
      throw new BatonError(
        "io",
        `cannot create the ${label} ${path}: the file system refuses new folders in ${dirname((error as { path?: string }).path ?? path)}`,
        { cause: error },
      );
    }
    throw toStoreError(error, path, `create the ${label}`);
  }
}

/** The names in a folder; a missing folder has none. */
export async function readFolderNames(path: string, label: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return [];
    if (isErrorCode(error, "ENOTDIR")) throw notAFolder(path, label);
    throw toStoreError(error, path, `read the ${label}`);
  }
}

/**
 * A file's text, or why it could not be read; a missing file is `not-found`. Only a
 * regular file is read: opening a named pipe left in the folder would wait for a writer
 * for ever, so it is opened without waiting and refused.
 */
export async function readTextFile(path: string): Promise<Result<string>> {
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) {
        return { ok: false, error: new BatonError("store", `${path} is not a regular file`) };
      }
      return { ok: true, value: await handle.readFile("utf8") };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) {
      return { ok: false, error: new BatonError("not-found", `${path} does not exist`) };
    }
    return { ok: false, error: toStoreError(error, path, "read") };
  }
}

function notAFolder(path: string, label: string): BatonError {
  return new BatonError("store", `the ${label} ${path} is a file, not a folder`);
}
