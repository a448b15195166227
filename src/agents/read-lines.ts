import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import * as zlib from "node:zlib";
import { BatonError } from "../core/errors.ts";

/**
 * Streams the lines of a (possibly huge, possibly still growing) JSONL file front to
 * back, in batches so that the per-line cost is a string slice, not a promise.
 *
 * Lines longer than `maxLineBytes` are skipped without being held in memory (an inline
 * image can make one transcript line hundreds of MB); they are reported through
 * `onOversize` so the caller can count them.
 */
export interface ReadLinesOptions<T = string> {
  /** Bytes per read; larger is faster, memory stays one chunk plus one line. */
  chunkBytes?: number;
  maxLineBytes?: number;
  /** Start reading at this byte offset (must be a line start). */
  start?: number;
  onOversize?: (bytes: number) => void;
  /**
   * What to yield for a line, from its bytes [start, end); by default its text. The bytes
   * are only valid during the call.
   */
  decode?: (bytes: Buffer, start: number, end: number) => T;
}

export interface LineBatch<T = string> {
  lines: T[];
  /** False when the file ended without a newline: the last line may still be being written. */
  lastComplete: boolean;
}

const NEWLINE = 10;

const toText = (bytes: Buffer, start: number, end: number): string =>
  bytes.toString("utf8", start, end);

export async function* readLines<T = string>(
  path: string,
  options: ReadLinesOptions<T> = {},
): AsyncGenerator<LineBatch<T>> {
  const decode = (options.decode ?? toText) as (bytes: Buffer, start: number, end: number) => T;
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const maxLineBytes = options.maxLineBytes ?? 64 << 20;
  const chunks = isZstd(path) ? zstdChunks(path) : fileChunks(path, chunkBytes, options.start ?? 0);
  // Bytes of an unfinished line carried over from earlier chunks, in one buffer reused
  // from line to line: a fresh copy per line would leave garbage outside the heap that
  // only a full GC frees, tens of MB of it with inline images.
  let carry = Buffer.allocUnsafe(0);
  let carryBytes = 0;
  let skipping = false;
  const keep = (buffer: Buffer, from: number, to: number) => {
    const need = carryBytes + to - from;
    if (need > carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, Math.min(carry.length * 2, maxLineBytes)));
      carry.copy(grown, 0, 0, carryBytes);
      carry = grown;
    }
    buffer.copy(carry, carryBytes, from, to);
    carryBytes = need;
  };
  for await (const { buffer, bytesRead } of chunks) {
    const lines: T[] = [];
    let start = 0;
    for (;;) {
      const nl = buffer.indexOf(NEWLINE, start);
      if (nl === -1 || nl >= bytesRead) break;
      if (skipping) {
        options.onOversize?.(carryBytes + nl - start);
        skipping = false;
        carryBytes = 0;
      } else if (carryBytes > 0) {
        keep(buffer, start, nl);
        lines.push(decode(carry, 0, carryBytes));
        carryBytes = 0;
      } else if (nl > start) {
        lines.push(decode(buffer, start, nl));
      }
      start = nl + 1;
    }
    if (start < bytesRead) {
      const rest = bytesRead - start;
      if (skipping || carryBytes + rest > maxLineBytes) {
        skipping = true;
        carryBytes += rest;
      } else keep(buffer, start, bytesRead);
    }
    if (lines.length > 0) yield { lines, lastComplete: true };
  }
  if (skipping) options.onOversize?.(carryBytes);
  else if (carryBytes > 0) yield { lines: [decode(carry, 0, carryBytes)], lastComplete: false };
}

interface Chunk {
  buffer: Buffer;
  bytesRead: number;
}

/** `rollout-….jsonl.zst`: Codex compresses old rollouts with zstd. */
export function isZstd(path: string): boolean {
  return path.endsWith(".zst");
}

/** The smallest read buffer: a file that grows while it is read still takes few reads. */
const MIN_CHUNK_BYTES = 64 << 10;

async function* fileChunks(
  path: string,
  maxChunkBytes: number,
  from: number,
): AsyncGenerator<Chunk> {
  const handle = await open(path, "r");
  // No bigger than the file (a listing reads thousands of small sessions).
  const size = await handle.stat().then(
    (info) => info.size - from,
    () => maxChunkBytes,
  );
  const chunkBytes = Math.min(maxChunkBytes, Math.max(MIN_CHUNK_BYTES, size + 1));
  // Two buffers: the next chunk is read while this one is split and decoded, so the
  // reader does not sit idle waiting on the disk (or on a busy thread pool). A chunk's
  // buffer is only valid until the next one is asked for.
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let spare = Buffer.allocUnsafe(chunkBytes);
  let position = from;
  const readInto = (target: Buffer, at: number) => {
    const read = handle.read(target, 0, chunkBytes, at);
    // Awaited below; this only keeps a read left behind by an abandoned loop from
    // counting as an unhandled rejection.
    read.catch(() => undefined);
    return read;
  };
  let next: Promise<{ bytesRead: number }> | null = readInto(buffer, position);
  try {
    for (;;) {
      const { bytesRead } = await (next as Promise<{ bytesRead: number }>);
      next = null;
      if (bytesRead === 0) break;
      position += bytesRead;
      next = readInto(spare, position);
      yield { buffer, bytesRead };
      [buffer, spare] = [spare, buffer];
    }
  } finally {
    // A consumer that stops early leaves a read in flight: let it end before closing.
    await next?.catch(() => undefined);
    await handle.close();
  }
}

/** The decompressed bytes of a zstd file, streamed: never the whole file in memory. */
async function* zstdChunks(path: string): AsyncGenerator<Chunk> {
  if (typeof zlib.createZstdDecompress !== "function")
    throw new BatonError(
      "agent",
      `cannot read ${path}: reading zstd-compressed sessions needs Node.js 22.15 or later`,
    );
  const stream = createReadStream(path).pipe(zlib.createZstdDecompress());
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      yield { buffer, bytesRead: buffer.length };
    }
  } finally {
    stream.destroy();
  }
}
