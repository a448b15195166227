import { isPlaceholder } from "./is-placeholder.ts";
import { isPasswordName, isSecretName } from "./is-secret-name.ts";
import type { SecretSpan } from "./secret-kind.ts";

/**
 * Values assigned to secret-looking names: `.env` lines, shell `NAME=value`, YAML and INI
 * `name: value`, JSON and code string literals, query strings, `--password value`
 * flags and `.netrc` lines. Only the value is masked. Unquoted values in code-like places must look like
 * literals (no calls, no plain identifiers), so `password: string` and
 * `token = getToken()` stay as they are.
 */
// A name never starts after `/` or `@`: `"@scope/rule-1password": "..."` is a package name.
// Only names ending in a secret word (the ends `isSecretName` accepts) are read on: a
// transcript holds a quoted value after every JSON key, and reading them all is most of the cost.
const QUOTED =
  /(?<![\w.$/@-])["']?((?:[A-Za-z_][\w.-]*)?(?:pass(?:word|wd|phrase)?|pwd|secret|token|credentials?|creds|key|auth))["']?\s*(?::=|=>|:|=)\s*(["'`])((?:\\.|(?!\2)[^\\\n])*)\2/dgi;
const ENV_STYLE = /(?<![\w.$/-])([A-Za-z_][\w.-]*)=(?!["'`=])([^\s"'`&;,()<>]+)/dg;
// A `#` starts a comment only after whitespace, as in YAML and shell; `pa#ss` is one value.
const LINE_STYLE =
  /^[ \t]*(?:-[ \t]+)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*(?::[ \t]+|=[ \t]*)(?!["'`#])(\S+)[ \t\r]*(?:[ \t]#.*)?$/dgm;
/**
 * `password: value` inside a line of prose, as a transcript's message or a goal joined onto
 * one line holds it. Only generated-looking values (letters and digits, 8 or more) count
 * here, so prose such as "token: the next one" stays as it is.
 */
const INLINE_STYLE =
  /(?<![\w.$/@-])([A-Za-z_][\w.-]*)[ \t]*[:=][ \t]*(?!["'`#])((?=[^\s,;)"'`&<>]*\d)(?=[^\s,;)"'`&<>]*[A-Za-z])[^\s,;)"'`&<>]{8,})/dg;
const FLAG_QUOTED = /(?<![\w-])--([A-Za-z][\w-]*)(?:=|[ \t]+)(["'])((?:\\.|(?!\2)[^\\\n])*)\2/dg;
/** `curl -u user:password`, `--user user:password`: the name is implied by the flag. */
// The user starts with a word character: `date -u +%Y-%m-%dT%H:%M` is no user and password.
const USER_FLAG = /(?<![\w-])(?:-u|--user)(?:=|[ \t]+)["']?\w[^\s:"'@%]*:([^\s"'`,;]+)/dg;
/**
 * `.netrc`: `machine host login me password value`, on one line, as its own line, or
 * quoted inside a sentence.
 */
const NETRC =
  /(?:^[ \t]*(?:(?:machine|default)\b[^\n]*?[ \t])?|\bmachine[ \t]+\S+[ \t]+(?:login[ \t]+\S+[ \t]+)?)password[ \t]+(\S+?)[`'",.;)]*(?=[ \t\r]|$)/dgm;
const FLAG_BARE = /(?<![\w-])--([A-Za-z][\w-]*)(?:=|[ \t]+)(?!["'`-])([^\s"'`;|&]+)/dg;

type Form = {
  pattern: RegExp;
  value: number;
  codeLike: (name: string) => boolean;
  quoted?: true;
  /** The form names no variable; its group 1 is the value. */
  unnamed?: true;
  /**
   * Text the form cannot match without (one of these must occur): a text without any is
   * not scanned with the form at all. Most of what baton prints (a listing, a prompt)
   * holds no `=`, and trying the form at every word was most of the masking's cost.
   */
  needs: readonly string[];
};

const FORMS: Form[] = [
  { pattern: QUOTED, value: 3, codeLike: () => false, quoted: true, needs: [":", "="] },
  // `NAME=value` with an upper-case name is a dotenv or shell line, whose values are literal.
  { pattern: ENV_STYLE, value: 2, codeLike: (name) => /[a-z]/.test(name), needs: ["="] },
  { pattern: LINE_STYLE, value: 2, codeLike: () => true, needs: [":", "="] },
  { pattern: INLINE_STYLE, value: 2, codeLike: () => true, needs: [":", "="] },
  { pattern: FLAG_QUOTED, value: 3, codeLike: () => false, quoted: true, needs: ["--"] },
  { pattern: FLAG_BARE, value: 2, codeLike: () => true, needs: ["--"] },
  { pattern: USER_FLAG, value: 1, codeLike: () => false, unnamed: true, needs: ["-u", "--user"] },
  { pattern: NETRC, value: 1, codeLike: () => false, unnamed: true, needs: ["password"] },
];

export function findAssignmentSecrets(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const form of FORMS) {
    if (!form.needs.some((part) => text.includes(part))) continue;
    for (const match of text.matchAll(form.pattern)) {
      const name = match[1] ?? "";
      const value = match[form.value] ?? "";
      const range = match.indices?.[form.value];
      // Quoted values of UPPER_CASE names are shell or dotenv values, where spaces are
      // part of the password; elsewhere a quoted phrase is a label ("Enter password").
      const spaced = form.quoted === true && /^[A-Z0-9_]+$/.test(name);
      if (!range || !isSecretValue(value, { spaced })) continue;
      if (!form.unnamed && !isSecretName(name)) continue;
      // Generated tokens and keys nearly always hold a digit; a digitless value of a
      // `token` is far more often a lexer's token name ("?NonExpressionParenEnd").
      if (!form.unnamed && !isPasswordName(name) && !/\d/.test(value)) continue;
      if (form.codeLike(name) && !looksLiteral(value, text[range[1]], name)) continue;
      spans.push({
        start: range[0],
        end: range[1],
        kind: "secret-assignment",
        label: "secret-assignment",
      });
    }
  }
  return spans;
}

function isSecretValue(value: string, options?: { spaced?: boolean }): boolean {
  if (value.length < 4 || isPlaceholder(value)) return false;
  if (options?.spaced === true ? /\n/.test(value) : /\s/.test(value)) return false;
  // Short lower-case words and dotted or kebab names are labels and keys, not secrets.
  if (/^[a-z][a-z.:_-]*$/.test(value) && value.length < 16) return false;
  if (/^(?:\.{0,2}\/|~\/)/.test(value)) return false;
  // A description of a format (`ya29.[A-Za-z0-9_-]+`, `[a-f0-9]{32}`), not a value of it.
  if (/\[[^\]\s]+\](?:[+*?]|\{\d)/.test(value)) return false;
  return true;
}

/**
 * An unquoted value in a place where code is also written. Identifiers without digits,
 * member paths (`config.token2`) and, after a camelCase name, type names
 * (`privateKey: RedactedUint8Array`) are code; a camelCase name is a JavaScript property,
 * whose unquoted value is never a string.
 */
function looksLiteral(value: string, next: string | undefined, name: string): boolean {
  if (next === "(" || /[()[\]{}<>]|=>|[,;]$/.test(value)) return false;
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(value)) return true;
  if (!/\d/.test(value) || value.includes(".")) return false;
  return !(/[a-z][A-Z]/.test(name) && /^[A-Z][a-z]+(?:[A-Z][a-z0-9]*|\d+)*$/.test(value));
}
