import { findAssignmentSecrets } from "./find-assignment-secrets.ts";
import { collectEnvSecrets, type EnvSecret, findEnvSecrets } from "./find-env-secrets.ts";
import { findPatternSecrets } from "./find-pattern-secrets.ts";
import { findSecretlintSecrets } from "./find-secretlint-secrets.ts";
import { maskSpans, type Redaction } from "./mask-spans.ts";
import type { SecretSpan } from "./secret-kind.ts";

export type { Redaction } from "./mask-spans.ts";

export type RedactOptions = {
  /** Whose secret-looking variables to mask; the current process's by default. */
  env?: NodeJS.ProcessEnv;
};

/**
 * Masks every secret span of `text` as `[REDACTED:<kind>]`: our own credential formats,
 * the values of secret-looking environment variables, secret assignments and
 * secretlint's recommended preset. Use it wherever the caller is asynchronous anyway
 * (creating a handoff, the CLI).
 */
export async function redactText(text: string, options?: RedactOptions): Promise<Redaction> {
  return redactWith(text, collectEnvSecrets(options?.env ?? process.env));
}

/**
 * The same without secretlint, synchronous and without its import cost: the path of the
 * hooks, whose whole process must finish in 150 ms. Our own patterns cover every format
 * of the test corpus, so what this misses is limited to formats only secretlint knows.
 */
export function redactTextFast(text: string, options?: RedactOptions): Redaction {
  return redactFastWith(text, collectEnvSecrets(options?.env ?? process.env));
}

export async function redactWith(text: string, envSecrets: EnvSecret[]): Promise<Redaction> {
  return maskSpans(text, [
    ...findFastSpans(text, envSecrets),
    ...(await findSecretlintSecrets(text)),
  ]);
}

export function redactFastWith(text: string, envSecrets: EnvSecret[]): Redaction {
  return maskSpans(text, findFastSpans(text, envSecrets));
}

function findFastSpans(text: string, envSecrets: EnvSecret[]): SecretSpan[] {
  return [
    ...findPatternSecrets(text),
    ...findEnvSecrets(text, envSecrets),
    ...findAssignmentSecrets(text),
  ];
}
