import { isObject, type JsonObject } from "../core/json-object.ts";
import type { ParseWarnings } from "../core/session.ts";
import { addWarning } from "./agent-reader.ts";

/** Loose accessors for other people's JSON: every field optional, every shape checked. */
export { isObject, type JsonObject };

export function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** Parses one JSONL line into an object, counting what could not be parsed instead of throwing. */
export function parseRecordLine(
  line: string,
  complete: boolean,
  warnings: ParseWarnings,
): JsonObject | null {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    addWarning(
      warnings,
      complete ? "invalid JSON line" : "truncated last line (still being written)",
    );
    return null;
  }
  if (!isObject(record)) {
    addWarning(warnings, "record that is not an object");
    return null;
  }
  return record;
}
