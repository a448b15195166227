import { isDocumentedExample, isPlaceholder } from "./is-placeholder.ts";
import type { SecretKind, SecretSpan } from "./secret-kind.ts";
import { TOKEN_FORMATS, type TokenFormat } from "./token-formats.ts";

const DB_SCHEMES = new Set([
  "postgres",
  "postgresql",
  "mysql",
  "mysqlx",
  "mariadb",
  "mongodb",
  "mongodb+srv",
  "redis",
  "rediss",
  "amqp",
  "amqps",
  "mssql",
  "sqlserver",
  "oracle",
  "clickhouse",
  "cockroachdb",
  "couchdb",
  "neo4j",
  "neo4j+s",
  "bolt",
  "snowflake",
  "memcached",
  "elasticsearch",
  "cassandra",
  "influxdb",
]);

/**
 * The table of formats (`token-formats.ts`), compiled once. A format with an anchor is
 * tried only where its anchor occurs: one scan over the text finds every anchor, so the
 * cost of the whole table on ordinary text is that of one pass.
 */
type Compiled = {
  format: TokenFormat;
  regex: RegExp;
  /** The range of offsets before an anchor hit at which a match may start. */
  before: readonly [number, number];
};

/** What may follow a token: it ends where a word would. */
const AFTER = "(?![A-Za-z0-9_])";

function compile(format: TokenFormat, sticky: boolean): RegExp {
  const notAfter = format.notAfter ?? "A-Za-z0-9_";
  const flags = `${format.pattern.flags.replace(/[gy]/g, "")}d${sticky ? "y" : "g"}`;
  return new RegExp(`(?<![${notAfter}])(?:${format.pattern.source})${AFTER}`, flags);
}

/**
 * The literal characters a pattern starts with (`xoxb-`, `amzn.mws.`), stopping before a
 * character that a quantifier makes optional or repeats.
 */
export function leadingLiteral(source: string): string {
  let literal = "";
  for (let i = 0; i < source.length; ) {
    let ch = source[i] as string;
    let width = 1;
    if (ch === "\\") {
      const next = source[i + 1] ?? "";
      if (!/[.\-/+$|[\](){}*?^\\~]/.test(next)) break;
      ch = next;
      width = 2;
    } else if (!/[A-Za-z0-9_\-~:!=@%&#'"<>,;` ]/.test(ch)) {
      break;
    }
    if (/[?*{+]/.test(source[i + width] ?? "")) break;
    literal += ch;
    i += width;
  }
  return literal;
}

const anchored = new Map<string, Compiled[]>();
const unanchored: Compiled[] = [];
for (const format of TOKEN_FORMATS as readonly TokenFormat[]) {
  const anchor =
    format.anchor === undefined ? leadingLiteral(format.pattern.source) : format.anchor;
  const before = format.before ?? 0;
  const range = typeof before === "number" ? ([before, before] as const) : before;
  if (anchor === null) {
    unanchored.push({ format, regex: compile(format, false), before: range });
    continue;
  }
  const compiled = { format, regex: compile(format, true), before: range };
  for (const literal of typeof anchor === "string" ? [anchor] : anchor) {
    anchored.set(literal, [...(anchored.get(literal) ?? []), compiled]);
  }
}
/**
 * The anchors by their first two characters (both ASCII): the scan looks each position up
 * here, which on ordinary text costs a few nanoseconds a character; a regular expression
 * alternating over every anchor costs ten times more.
 */
const BIGRAM_LISTS: Array<Array<[string, Compiled[]]>> = [];
/** For each pair of ASCII codes, its index in BIGRAM_LISTS, or -1. */
const BIGRAM_INDEX = new Int16Array(128 * 128).fill(-1);
for (const [anchor, list] of anchored) {
  const key = anchor.charCodeAt(0) * 128 + anchor.charCodeAt(1);
  if (anchor.length < 2 || key >= 128 * 128 || anchor.charCodeAt(1) >= 128) {
    throw new Error(`anchor ${anchor} needs two ASCII characters`);
  }
  if (BIGRAM_INDEX[key] === -1) {
    BIGRAM_INDEX[key] = BIGRAM_LISTS.length;
    BIGRAM_LISTS.push([]);
  }
  BIGRAM_LISTS[BIGRAM_INDEX[key] as number]?.push([anchor, list]);
}

export function findPatternSecrets(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const lastEnd = new Map<Compiled, number>();
  const last = text.length - 1;
  for (let at = 0; at < last; at++) {
    const key = text.charCodeAt(at) * 128 + text.charCodeAt(at + 1);
    if (key >= 128 * 128 || text.charCodeAt(at + 1) >= 128) continue;
    const index = BIGRAM_INDEX[key] as number;
    if (index === -1) continue;
    for (const [anchor, list] of BIGRAM_LISTS[index] as Array<[string, Compiled[]]>) {
      if (!text.startsWith(anchor, at)) continue;
      for (const compiled of list) {
        // Anchors recur inside a match (`AAAAAAAAAA` in a longer run of A).
        if (at < (lastEnd.get(compiled) ?? 0)) continue;
        const [min, max] = compiled.before;
        for (let start = Math.max(0, at - max); start <= at - min; start++) {
          compiled.regex.lastIndex = start;
          const match = compiled.regex.exec(text);
          if (match === null) continue;
          lastEnd.set(compiled, start + match[0].length);
          const span = toSpan(compiled.format, match);
          if (span !== null) spans.push(span);
          break;
        }
      }
    }
  }
  for (const compiled of unanchored) {
    for (const match of text.matchAll(compiled.regex)) {
      const span = toSpan(compiled.format, match);
      if (span !== null) spans.push(span);
    }
  }
  spans.push(...findUrlPasswords(text));
  return spans;
}

function toSpan(format: TokenFormat, match: RegExpExecArray): SecretSpan | null {
  const group = format.group ?? 0;
  const value = match[group];
  const range = match.indices?.[group];
  if (value === undefined || range === undefined) return null;
  if (format.group !== undefined ? isPlaceholder(value) : isDocumentedExample(value)) return null;
  if (format.accept && !format.accept(value)) return null;
  const kind = format.kind as SecretKind;
  return { start: range[0], end: range[1], kind, label: kind };
}

/**
 * `scheme://user:password@host`: only the password is masked, so the host and user stay
 * readable. The password runs to the last `@` of the authority, since an unescaped `@`
 * in a password is common in hand-written connection strings. The user holds no brackets,
 * so a user already masked (`https://[REDACTED:github-token]:x-oauth-basic@`) is not read
 * as a user and password again. The scheme is read behind `://`, so the scan looks for that
 * literal rather than trying every word.
 */
const USERINFO =
  /(?<=\b([A-Za-z][A-Za-z0-9+.-]{1,30})):\/\/([^\s:@/?#'"<>[\]]{0,256}):([^\s/?#'"<>]{1,256})@(?=([A-Za-z0-9[][^\s/?#'"`<>]*))/dg;

/** Documentation hosts (RFC 2606): `https://abc:xyz@example.com` is an example. */
const EXAMPLE_HOST =
  /^(?:[^:]*\.)?example\.(?:com|org|net)(?::\d+)?$|\.(?:example|invalid|test)(?::\d+)?$/i;

export function findUrlPasswords(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const match of text.matchAll(USERINFO)) {
    const scheme = (match[1] ?? "").toLowerCase();
    const password = match[3] ?? "";
    const range = match.indices?.[3];
    if (!range || isPlaceholder(password) || /^\d{1,5}$/.test(password)) continue;
    if (EXAMPLE_HOST.test(match[4] ?? "")) continue;
    const kind: SecretKind = DB_SCHEMES.has(scheme)
      ? "connection-string-password"
      : "basic-auth-url";
    spans.push({ start: range[0], end: range[1], kind, label: kind });
  }
  return spans;
}
