import type { SessionPeek } from "./agent-reader.ts";
import { isObject, type JsonObject } from "./json-values.ts";
import { readLines } from "./read-lines.ts";

/**
 * Reads records from the start of a transcript until `pick` has what it needs (or a few
 * hundred records have gone by): the head of a session names its cwd and start time.
 */
export async function peekLines(
  path: string,
  pick: (record: JsonObject, peek: SessionPeek) => void,
  maxRecords = 200,
): Promise<SessionPeek> {
  const peek: SessionPeek = { cwd: null, startedAt: null };
  let seen = 0;
  for await (const batch of readLines(path, { chunkBytes: 64 << 10, maxLineBytes: 4 << 20 })) {
    for (const line of batch.lines) {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      if (isObject(record)) pick(record, peek);
      if ((peek.cwd !== null && peek.startedAt !== null) || ++seen >= maxRecords) return peek;
    }
  }
  return peek;
}
