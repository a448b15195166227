import { redactTextFast } from "../safety/redact-text.ts";
import { redactValueFast } from "../safety/redact-value.ts";
import type { CliIo } from "./cli-io.ts";

/**
 * What baton prints passes redaction too (output.ts applies it to every line it writes),
 * with the fast rules: printing must not pay for secretlint's load.
 */
export function redactOutput(io: CliIo, text: string): string {
  return redactTextFast(text, { env: { ...io.env } }).text;
}

/** The same for data printed as JSON: string by string, so a mask never breaks the syntax. */
export function redactValue<T>(io: CliIo, value: T): T {
  return redactValueFast(value, { env: { ...io.env } }).value;
}
