/**
 * Values that stand for a secret without being one: templates, references to the
 * environment, documentation fillers and our own masks. Masking them would only make
 * examples and configuration templates unreadable.
 */
const PLACEHOLDER_WORDS = new Set([
  "changeme",
  "change-me",
  "change_me",
  "placeholder",
  "example",
  "redacted",
  "secret",
  "password",
  "passwd",
  "token",
  "apikey",
  "api-key",
  "api_key",
  "key",
  "none",
  "null",
  "nil",
  "undefined",
  "true",
  "false",
  "empty",
  "dummy",
  "test",
  "todo",
  "tbd",
  "string",
  "number",
  "boolean",
  "unknown",
  "any",
  // GitHub's fixed password for a token given as the user of a URL.
  "x-oauth-basic",
]);

const PLACEHOLDER_SHAPES = [
  /^<[^<>]*>$/, // <your-key>
  /^\$\{[^}]*\}$/, // ${VAR}
  /^\$\([^)]*\)$/, // $(command)
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^\{\{[^}]*\}\}$/, // {{var}}
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR%
  /^(?:process\.env|import\.meta\.env|os\.environ|env)\b/, // references, not values
  /^\[REDACTED:/, // our own mask
  /^(.)\1*$/, // xxxx, ****, ....
  /^(?:your|insert|enter|replace)[-_ ]/i, // your-api-key, YOUR_TOKEN_HERE
  /^your[a-z]*(?:key|token|secret|password)/i, // yourapikey
  /[-_](?:here|goes[-_]here)$/i, // token_here
  /^x{3,}/i, // xxx-prefixed fillers
  /^\*{3,}/, // ***-prefixed fillers
  /^\.{3}|\.{3}$|…/, // elisions
];

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (PLACEHOLDER_WORDS.has(v.toLowerCase())) return true;
  return PLACEHOLDER_SHAPES.some((shape) => shape.test(v));
}
