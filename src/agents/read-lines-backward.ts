import { open } from "node:fs/promises";

/**
 * Yields the lines of a file from the last to the first, reading fixed-size chunks from
 * the end, so that answering a question about a session's end costs the same whatever
 * the file's size. Stop iterating as soon as you have enough.
 */
export interface BackwardLine {
  text: string;
  /** Byte offset of the line's start. */
  offset: number;
  /** False for a last line without a trailing newline (still being written). */
  complete: boolean;
}

export interface ReadLinesBackwardOptions {
  chunkBytes?: number;
  /** Lines longer than this are skipped (reported through `onOversize`), never held whole. */
  maxLineBytes?: number;
  onOversize?: (bytes: number) => void;
}

const NEWLINE = 10;

export async function* readLinesBackward(
  path: string,
  options: ReadLinesBackwardOptions = {},
): AsyncGenerator<BackwardLine> {
  const chunkBytes = options.chunkBytes ?? 256 << 10;
  const maxLineBytes = options.maxLineBytes ?? 64 << 20;
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    let end = size;
    // Pieces of the line being assembled, nearest-the-start piece first.
    let pieces: Buffer[] = [];
    let pieceBytes = 0;
    let skipping = false;
    let isLast = true;
    const buffer = Buffer.allocUnsafe(chunkBytes);

    const finish = (lineStart: number): BackwardLine | null => {
      const complete = !isLast;
      isLast = false;
      if (skipping) {
        options.onOversize?.(pieceBytes);
        skipping = false;
        pieces = [];
        pieceBytes = 0;
        return null;
      }
      const text =
        pieces.length === 1
          ? (pieces[0] as Buffer).toString("utf8")
          : Buffer.concat(pieces).toString("utf8");
      pieces = [];
      pieceBytes = 0;
      return text.length > 0 ? { text, offset: lineStart, complete } : null;
    };

    // A trailing newline ends the last line; it does not start an empty one.
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] === NEWLINE) {
        end = size - 1;
        isLast = false;
      }
    }

    while (end > 0) {
      const start = Math.max(0, end - chunkBytes);
      const length = end - start;
      await handle.read(buffer, 0, length, start);
      let lineEnd = length;
      for (;;) {
        const nl = buffer.lastIndexOf(NEWLINE, lineEnd - 1);
        if (nl === -1 || lineEnd === 0) break;
        addPiece(buffer.subarray(nl + 1, lineEnd));
        const line = finish(start + nl + 1);
        if (line) yield line;
        lineEnd = nl;
      }
      addPiece(buffer.subarray(0, lineEnd));
      end = start;
    }
    const first = finish(0);
    if (first) yield first;

    function addPiece(piece: Buffer): void {
      if (piece.length === 0) return;
      if (skipping || pieceBytes + piece.length > maxLineBytes) {
        skipping = true;
        pieces = [];
        pieceBytes += piece.length;
        return;
      }
      pieces.unshift(Buffer.from(piece));
      pieceBytes += piece.length;
    }
  } finally {
    await handle.close();
  }
}
