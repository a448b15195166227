import { parse } from "smol-toml";
import { BatonError } from "../../core/errors.ts";
import { isObject } from "../../core/json-object.ts";

/**
 * Edits of Codex's `config.toml` that keep the rest of the file byte for byte, comments
 * and order included: a table of ours is cut out by its header line and written again at
 * the end. smol-toml checks the file before (an invalid one is refused, nothing changed)
 * and after (the edit says what we meant); a round trip through it would lose comments.
 */
export function parseConfigToml(text: string, where: string): Record<string, unknown> {
  try {
    return parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new BatonError(
      "parse",
      `${where} is not valid TOML (${reason}); fix or move it, then run the install again. Nothing was changed.`,
    );
  }
}

/**
 * The file with the table at `path` (e.g. ["mcp_servers", "baton"]) set to `lines`, in
 * its place when it is there, else at the end; or removed, with `lines` null.
 */
export function setConfigTable(
  text: string,
  path: readonly string[],
  lines: readonly string[] | null,
  where: string,
): string {
  parseConfigToml(text, where);
  const { before, after } = splitAtTable(text, path);
  const kept = joinParts(before, after);
  if (valueAt(parseConfigToml(kept, where), path) !== undefined) {
    throw new BatonError(
      "schema",
      `${where} defines ${path.join(".")} other than as a [table] of its own; remove it there and run the install again. Nothing was changed.`,
    );
  }
  if (lines === null) return kept;
  const table = `[${path.map(tomlKey).join(".")}]\n${lines.join("\n")}\n`;
  const next = after === null ? joinParts(kept, table) : joinParts(joinParts(before, table), after);
  parseConfigToml(next, where);
  return next;
}

/** Two pieces of a file, a blank line between them. */
function joinParts(first: string, second: string | null): string {
  if (second === null || second === "") return first;
  if (first.trim() === "") return second;
  return `${first.replace(/\n*$/, "")}\n\n${second}`;
}

/** The value at a path of a parsed document, or undefined. */
export function valueAt(document: unknown, path: readonly string[]): unknown {
  let value: unknown = document;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** A TOML string: JSON's escapes are TOML's basic-string escapes. */
export function tomlString(value: string): string {
  return JSON.stringify(value);
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

/**
 * The text before the table whose header names `path` and the text after it (from the
 * next header on; null when the table is not there, `before` then being the whole text).
 */
function splitAtTable(
  text: string,
  path: readonly string[],
): { before: string; after: string | null } {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => /^\s*\[/.test(line) && sameKey(headerPath(line), path));
  if (start === -1) return { before: text, after: null };
  let end = start + 1;
  while (end < lines.length && !/^\s*\[/.test(lines[end] ?? "")) end++;
  const before = lines.slice(0, start).join("\n").replace(/\n*$/, "\n");
  return { before: before.trim() === "" ? "" : before, after: lines.slice(end).join("\n") };
}

function headerPath(line: string): string[] | null {
  if (/^\s*\[\[/.test(line)) return null;
  try {
    const document = parse(`${line.trim()}\n__baton_probe = 1\n`);
    const path: string[] = [];
    let value: unknown = document;
    while (isObject(value) && !("__baton_probe" in value)) {
      const [key] = Object.keys(value);
      if (key === undefined) return null;
      path.push(key);
      value = value[key];
    }
    return path;
  } catch {
    return null;
  }
}

function sameKey(a: readonly string[] | null, b: readonly string[]): boolean {
  return a !== null && a.length === b.length && a.every((key, i) => key === b[i]);
}
