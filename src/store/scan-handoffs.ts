import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";

/** The few frontmatter fields the hooks decide by, read without the YAML parser. */
export interface HandoffHead {
  id: string;
  path: string;
  status: string | null;
  branch: string | null;
  created: string | null;
  trigger: string | null;
  sourceSession: string | null;
  claimSession: string | null;
  claimLeaseUntil: string | null;
  /** For cache validation: a changed file has another mtime or size. */
  mtimeMs: number;
  size: number;
}

const HEAD_BYTES = 8192;

/** Open, or claimed by a session whose lease ran out (the store treats that as open too). */
export function isOpenHead(head: HandoffHead, now: Date): boolean {
  if (head.status === "open") return true;
  if (head.status !== "claimed") return false;
  const until = Date.parse(head.claimLeaseUntil ?? "");
  return Number.isFinite(until) && until <= now.getTime();
}

/**
 * The live handoffs of a folder with their frontmatter's key fields. This runs in the
 * session-start hook, which cannot afford to load the YAML parser and the schema: the
 * frontmatter baton writes is simple block YAML, and a hand-edited file this reader cannot
 * make out is skipped (the CLI still reads it properly).
 */
export function scanHandoffs(dir: string): HandoffHead[] {
  return newestFirst(readHeads(dir, handoffNames(dir) ?? []));
}

/** The names of a folder's handoff documents, or null when the folder cannot be read. */
export function handoffNames(dir: string): string[] | null {
  try {
    return readdirSync(dir).filter((name) => name.endsWith(".md") && !name.startsWith("."));
  } catch {
    return null;
  }
}

/** The heads of these documents of the folder, skipping those that cannot be made out. */
export function readHeads(dir: string, names: Iterable<string>): HandoffHead[] {
  const heads: HandoffHead[] = [];
  for (const name of names) {
    const head = readHead(join(dir, name), name.slice(0, -3));
    if (head !== null) heads.push(head);
  }
  return heads;
}

export function newestFirst(heads: HandoffHead[]): HandoffHead[] {
  return heads.sort((a, b) => (b.created ?? "").localeCompare(a.created ?? ""));
}

/** One handoff's head, or null when it is not a file whose frontmatter this reader makes out. */
export function readHead(path: string, id: string): HandoffHead | null {
  let fd: number | undefined;
  try {
    // Without waiting: a named pipe in the folder would block the hook for ever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return null;
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const fields = parseFrontmatter(buffer.subarray(0, read).toString("utf8"));
    if (fields === null) return null;
    return {
      id: fields.get("id") ?? id,
      path,
      status: fields.get("status") ?? null,
      branch: fields.get("branch") ?? null,
      created: fields.get("created") ?? null,
      trigger: fields.get("trigger") ?? null,
      sourceSession: fields.get("source.session_id") ?? null,
      claimSession: fields.get("claim.session") ?? null,
      claimLeaseUntil: fields.get("claim.lease_until") ?? null,
      mtimeMs: stat.mtimeMs,
      size: stat.size,
    };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Flattens a frontmatter's scalars into `key` and `parent.key` entries: top-level
 * `key: value`, one level of indented block mappings, and one-line flow mappings
 * (`source: { agent: claude-code }`). `null` and `~` values are left out.
 */
export function parseFrontmatter(text: string): Map<string, string> | null {
  const lines = text.split(/\r?\n/);
  let start = 0;
  while (start < lines.length && lines[start]?.trim() === "") start++;
  if (lines[start]?.trim() !== "---") return null;
  const fields = new Map<string, string>();
  let parent: string | null = null;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "---") return fields;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const match = /^(\s*)([A-Za-z_][\w-]*):(?:\s+(.*?))?\s*$/.exec(line);
    if (!match) continue;
    const indented = (match[1] ?? "") !== "";
    const key = match[2] as string;
    const raw = match[3] ?? "";
    if (!indented) {
      parent = null;
      if (raw === "") {
        parent = key;
      } else if (raw.startsWith("{") && raw.endsWith("}")) {
        for (const part of raw.slice(1, -1).split(",")) {
          const pair = /^\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$/.exec(part);
          if (pair) put(fields, `${key}.${pair[1]}`, pair[2] ?? "");
        }
      } else {
        put(fields, key, raw);
      }
    } else if (parent !== null) {
      put(fields, `${parent}.${key}`, raw);
    }
  }
  // No closing fence within the bytes read: not a document this reader trusts.
  return null;
}

function put(fields: Map<string, string>, key: string, raw: string): void {
  const quoted = raw.startsWith('"') || raw.startsWith("'");
  const value = unquote(quoted ? raw : raw.replace(/\s+#.*$/, ""));
  if (value === "" || value === "null" || value === "~") return;
  fields.set(key, value);
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replace(/''/g, "'");
  }
  return value;
}
