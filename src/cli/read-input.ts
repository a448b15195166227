import { open } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { BatonError } from "../core/errors.ts";
import { isErrorCode } from "../store/is-error-code.ts";

/**
 * The most summary text `baton create` takes from a file or stdin. A handoff's semantic
 * sections are a few kilobytes; a megabyte is a transcript or a binary piped by mistake,
 * and is refused before anything is written.
 */
export const MAX_INPUT_BYTES = 1024 * 1024;

const LIMIT_TEXT = "1 MB";

/** Reads stdin to the end, stopping as soon as it passes the limit. */
export async function readStdinText(stdin: Readable, limit = MAX_INPUT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) {
      stdin.destroy();
      throw tooLarge("stdin", limit);
    }
    chunks.push(buffer);
  }
  return decode(Buffer.concat(chunks), "stdin");
}

export async function readFileText(
  path: string,
  cwd: string,
  limit = MAX_INPUT_BYTES,
): Promise<string> {
  const full = resolve(cwd, path);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(full, "r");
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) throw new BatonError("not-found", `no such file: ${path}`);
    if (isErrorCode(error, "EISDIR")) throw new BatonError("io", `${path} is a folder, not a file`);
    throw new BatonError("io", `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new BatonError("io", `${path} is a folder, not a file`);
    if (info.size > limit) throw tooLarge(path, limit);
    // The size can change between stat and read (a growing log): read one byte past the limit.
    const buffer = Buffer.alloc(limit + 1);
    const { bytesRead } = await handle.read(buffer, 0, limit + 1, 0);
    if (bytesRead > limit) throw tooLarge(path, limit);
    return decode(buffer.subarray(0, bytesRead), path);
  } finally {
    await handle.close();
  }
}

function tooLarge(what: string, limit: number): BatonError {
  const size = limit === MAX_INPUT_BYTES ? LIMIT_TEXT : `${limit} bytes`;
  return new BatonError(
    "input-too-large",
    `${what} is larger than ${size}; nothing was written (give the summary sections, not a transcript)`,
  );
}

function decode(buffer: Buffer, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    throw new BatonError("parse", `${what} is not UTF-8 text`);
  }
}
