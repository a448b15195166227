import type { FileChange, FileState } from "../core/handoff.ts";

/**
 * Parser for `git status --porcelain=v2 --branch --show-stash -z`.
 *
 * Records are NUL-terminated and paths are raw bytes, never quoted, so a name holding
 * spaces, newlines or any unicode survives as-is. A rename or copy record (`2`) is followed
 * by one more NUL-terminated field: the original path. Unknown record and header types are
 * skipped and counted so that a newer git never breaks capture.
 */

export interface StatusUpstream {
  name: string;
  /** Null when the upstream branch no longer exists or git did not compute the counts. */
  ahead: number | null;
  behind: number | null;
  /** The configured upstream branch is gone from the remote-tracking refs. */
  gone: boolean;
}

export interface StatusEntry {
  path: string;
  /** The original path of a rename or copy. */
  from: string | null;
  /** The two-letter status: index (staged) side, then work tree side; `.` means unchanged. */
  xy: string;
  change: FileChange;
  state: FileState;
  conflicted: boolean;
  submodule: boolean;
}

export interface PorcelainStatus {
  /** The HEAD commit; null before the first commit. */
  oid: string | null;
  /** The checked-out branch; null when HEAD is detached or git did not say. */
  branch: string | null;
  detached: boolean;
  /** The repository has no commit yet (`branch.oid (initial)`). */
  initial: boolean;
  upstream: StatusUpstream | null;
  stashCount: number;
  entries: StatusEntry[];
  ignored: string[];
  /** Records and headers of a kind this parser does not know, skipped. */
  unknownRecords: number;
}

export function parsePorcelainStatus(output: Uint8Array | string): PorcelainStatus {
  const fields = splitNul(output);
  const status: PorcelainStatus = {
    oid: null,
    branch: null,
    detached: false,
    initial: false,
    upstream: null,
    stashCount: 0,
    entries: [],
    ignored: [],
    unknownRecords: 0,
  };
  let upstreamName: string | null = null;
  let aheadBehind: { ahead: number | null; behind: number | null } | null = null;

  for (let i = 0; i < fields.length; i++) {
    const record = fields[i] ?? "";
    if (record === "") continue;
    switch (record[0]) {
      case "#": {
        const [key, value = ""] = splitAt(record.slice(2), 1);
        if (key === "branch.oid") {
          status.initial = value === "(initial)";
          status.oid = status.initial || value === "" ? null : value;
        } else if (key === "branch.head") {
          status.detached = value === "(detached)";
          status.branch = status.detached || value === "" ? null : value;
        } else if (key === "branch.upstream") {
          upstreamName = value;
        } else if (key === "branch.ab") {
          aheadBehind = parseAheadBehind(value);
        } else if (key === "stash") {
          status.stashCount = toCount(value) ?? 0;
        } else {
          status.unknownRecords++;
        }
        break;
      }
      case "1": {
        const parts = splitAt(record, 8);
        const path = parts[8];
        const xy = parts[1];
        if (path === undefined || !isXY(xy)) {
          status.unknownRecords++;
          break;
        }
        status.entries.push(trackedEntry(xy, parts[2] ?? "", path, null));
        break;
      }
      case "2": {
        const parts = splitAt(record, 9);
        const path = parts[9];
        const xy = parts[1];
        // The original path is the next NUL-separated field: consume it even if malformed.
        const from = fields[++i];
        if (path === undefined || !isXY(xy) || from === undefined) {
          status.unknownRecords++;
          break;
        }
        status.entries.push(trackedEntry(xy, parts[2] ?? "", path, from));
        break;
      }
      case "u": {
        const parts = splitAt(record, 10);
        const path = parts[10];
        const xy = parts[1];
        if (path === undefined || !isXY(xy)) {
          status.unknownRecords++;
          break;
        }
        status.entries.push({
          path,
          from: null,
          xy,
          change: "conflicted",
          // An unresolved conflict is not staged: `git add` is what marks it resolved.
          state: "unstaged",
          conflicted: true,
          submodule: (parts[2] ?? "").startsWith("S"),
        });
        break;
      }
      case "?":
        status.entries.push({
          path: record.slice(2),
          from: null,
          xy: "??",
          change: "untracked",
          state: "untracked",
          conflicted: false,
          submodule: false,
        });
        break;
      case "!":
        status.ignored.push(record.slice(2));
        break;
      default:
        status.unknownRecords++;
    }
  }

  if (upstreamName !== null) {
    status.upstream = {
      name: upstreamName,
      ahead: aheadBehind?.ahead ?? null,
      behind: aheadBehind?.behind ?? null,
      // git prints the upstream but no branch.ab line when the upstream ref is missing.
      gone: aheadBehind === null,
    };
  }
  return status;
}

/** What a tracked entry's XY means for the handoff: the change overall, and how staged it is. */
export function classifyXY(xy: string): { change: FileChange; state: FileState } {
  const x = xy[0] ?? ".";
  const y = xy[1] ?? ".";
  const state: FileState = x === "." ? "unstaged" : y === "." ? "staged" : "partly-staged";
  return { change: changeOf(x, y), state };
}

function changeOf(x: string, y: string): FileChange {
  // The index side says what the commit would do to the file; the work tree can only add to it.
  if (x === "A" || (x === "." && y === "A")) return "added";
  if (x === "R" || y === "R") return "renamed";
  if (x === "C" || y === "C") return "copied";
  if (x === "D" || y === "D") return "deleted";
  if (x === "T" || y === "T") return "type-changed";
  return "modified";
}

function trackedEntry(xy: string, sub: string, path: string, from: string | null): StatusEntry {
  return {
    path,
    from,
    xy,
    ...classifyXY(xy),
    conflicted: false,
    submodule: sub.startsWith("S"),
  };
}

function splitNul(output: Uint8Array | string): string[] {
  if (typeof output === "string") return output.split("\0");
  const fields: string[] = [];
  const decoder = new TextDecoder("utf-8");
  let start = 0;
  for (let i = 0; i < output.length; i++) {
    if (output[i] === 0) {
      fields.push(decoder.decode(output.subarray(start, i)));
      start = i + 1;
    }
  }
  if (start < output.length) fields.push(decoder.decode(output.subarray(start)));
  return fields;
}

/** Splits off the first `count` space-separated fields; the rest (a path) keeps its spaces. */
function splitAt(text: string, count: number): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let n = 0; n < count; n++) {
    const space = text.indexOf(" ", start);
    if (space === -1) break;
    parts.push(text.slice(start, space));
    start = space + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

function isXY(value: string | undefined): value is string {
  return value !== undefined && /^[.MTADRCU?!]{2}$/.test(value);
}

function parseAheadBehind(value: string): {
  ahead: number | null;
  behind: number | null;
} {
  const [ahead, behind] = value.split(" ");
  return { ahead: toCount(ahead?.replace(/^\+/, "")), behind: toCount(behind?.replace(/^-/, "")) };
}

function toCount(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}
