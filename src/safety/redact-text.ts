import { findAssignmentSecrets } from "./find-assignment-secrets.ts";
import { collectEnvSecrets, type EnvSecret, findEnvSecrets } from "./find-env-secrets.ts";
import { findPatternSecrets } from "./find-pattern-secrets.ts";
import { findSecretlintSecrets } from "./find-secretlint-secrets.ts";
import { maskSpans, type Redaction } from "./mask-spans.ts";
import type { SecretKind, SecretSpan } from "./secret-kind.ts";

const MAX_EXTRA_PASSES = 3;

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
  const first = maskSpans(text, [
    ...findFastSpans(text, envSecrets),
    ...(await findSecretlintSecrets(text)),
  ]);
  return settle(first, envSecrets);
}

export function redactFastWith(text: string, envSecrets: EnvSecret[]): Redaction {
  return settle(maskSpans(text, findFastSpans(text, envSecrets)), envSecrets);
}

/**
 * Masking can reveal a secret that was not visible before: a private key spread over
 * lines inside a quoted value becomes one short line, and the value's own start is then
 * plainly a quoted value. So the masked text is scanned again until nothing changes
 * (in practice one extra pass, and none when nothing was masked), which also makes
 * redaction idempotent.
 */
function settle(first: Redaction, envSecrets: EnvSecret[]): Redaction {
  let result = first;
  let last = first;
  for (let pass = 0; pass < MAX_EXTRA_PASSES && last.count > 0; pass++) {
    last = maskSpans(result.text, findFastSpans(result.text, envSecrets));
    const kinds = { ...result.kinds };
    for (const [kind, n] of Object.entries(last.kinds) as [SecretKind, number][]) {
      kinds[kind] = (kinds[kind] ?? 0) + n;
    }
    result = { text: last.text, count: result.count + last.count, kinds };
  }
  return result;
}

function findFastSpans(text: string, envSecrets: EnvSecret[]): SecretSpan[] {
  return [
    ...findPatternSecrets(text),
    ...findEnvSecrets(text, envSecrets),
    ...findAssignmentSecrets(text),
  ];
}
