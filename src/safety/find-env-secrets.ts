import { isPlaceholder } from "./is-placeholder.ts";
import { isSecretName } from "./is-secret-name.ts";
import type { SecretSpan } from "./secret-kind.ts";

export type EnvSecret = { name: string; value: string };

/** Names that look secret but hold the working directory or a socket path. */
const NOT_SECRET_NAMES = new Set([
  "PWD",
  "OLDPWD",
  "SSH_AUTH_SOCK",
  "XAUTHORITY",
  "GPG_AGENT_INFO",
]);
const MIN_LENGTH = 8;

/**
 * The values of the current process's secret-looking environment variables: whatever
 * format they have, they must not reach a handoff that another session or a repository
 * reads.
 */
export function collectEnvSecrets(env: NodeJS.ProcessEnv): EnvSecret[] {
  const secrets: EnvSecret[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || NOT_SECRET_NAMES.has(name)) continue;
    if (!isSecretName(name, { bareKey: true }) || !isSecretEnvValue(value)) continue;
    secrets.push({ name, value });
  }
  return secrets;
}

function isSecretEnvValue(value: string): boolean {
  if (value.length < MIN_LENGTH || /\s/.test(value) || isPlaceholder(value)) return false;
  if (/^(?:\d+|[a-z][a-z._-]*)$/.test(value) && value.length < 16) return false;
  // Paths and URLs: the credential patterns catch a URL's password by themselves.
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|[a-z][a-z0-9+.-]*:\/\/)/i.test(value)) return false;
  return true;
}

export function findEnvSecrets(text: string, secrets: EnvSecret[]): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const { name, value } of secrets) {
    // npm passes settings such as `npm_config_//registry.npmjs.org/:_authToken`.
    const label = `env:${name.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
    for (const form of new Set([value, encodeURIComponent(value)])) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) {
        spans.push({ start: at, end: at + form.length, kind: "env-value", label });
      }
    }
  }
  return spans;
}
