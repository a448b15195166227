/**
 * Whether a variable, key or flag name says its value is a secret. The name is split into
 * words (snake, kebab, dotted and camel case) and judged by its last word, so `apiKey`,
 * `DB_PASSWORD` and `client-secret` count while `tokenType`, `maxTokens`,
 * `passwordField` and `SSH_AUTH_SOCK` do not.
 */
const SECRET_LAST_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "pass",
  "passphrase",
  "secret",
  "token",
  "credential",
  "credentials",
  "creds",
  "apikey",
  "auth",
]);

/** `<qualifier>_key` names a secret; a bare `key` (React keys, map keys, i18n keys) does not. */
const KEY_QUALIFIERS = new Set([
  "api",
  "secret",
  "access",
  "private",
  "signing",
  "encryption",
  "master",
  "client",
  "auth",
  "service",
  "app",
  "license",
  "session",
  "admin",
  "account",
  "deploy",
  "webhook",
  "consumer",
  "subscription",
  "write",
  "ingest",
]);

/** Single words that end in a secret word (`PGPASSWORD`, `csrftoken`, `apiSecret` lower-cased). */
const SECRET_SUFFIXES = ["password", "passwd", "token", "secret", "apikey", "secretkey"];

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

export function isSecretName(name: string, options?: { bareKey?: boolean }): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  if (SECRET_SUFFIXES.some((suffix) => last.endsWith(suffix))) return true;
  if (last === "key") {
    const previous = words.at(-2);
    return options?.bareKey === true
      ? words.length > 1
      : previous !== undefined && KEY_QUALIFIERS.has(previous);
  }
  return false;
}

const PASSWORD_WORDS = new Set(["password", "passwd", "pwd", "pass", "passphrase"]);

/** Names of values chosen by people, which may be plain words, unlike generated tokens. */
export function isPasswordName(name: string): boolean {
  const last = nameWords(name).at(-1) ?? "";
  return PASSWORD_WORDS.has(last) || last.endsWith("password") || last.endsWith("passwd");
}
