import { type CliIo, useColor } from "./cli-io.ts";
import { redactOutput, redactValue } from "./redact-output.ts";

/** Bumped only when a `--json` shape changes incompatibly. */
export const JSON_SCHEMA_VERSION = 1;

/*
 * Everything printed passes redaction here, once for all commands: a document may have
 * been edited by hand since it was written, and an error may quote what it failed on.
 */

/** Data goes to stdout, and only data: a pipe reader gets nothing else. */
export function writeData(io: CliIo, text: string): void {
  const safe = redactOutput(io, text);
  io.stdout.write(safe.endsWith("\n") ? safe : `${safe}\n`);
}

export function writeJson(io: CliIo, value: Record<string, unknown>): void {
  const safe = redactValue(io, { schemaVersion: JSON_SCHEMA_VERSION, ...value });
  io.stdout.write(`${JSON.stringify(safe, null, 2)}\n`);
}

/** A message for the person at the terminal: stderr, so it never mixes into piped data. */
export function say(io: CliIo, message: string): void {
  io.stderr.write(`${redactOutput(io, message)}\n`);
}

export function warn(io: CliIo, message: string): void {
  say(io, `${paint(io, "33", "baton: warning:")} ${message}`);
}

export function sayError(io: CliIo, message: string): void {
  say(io, `${paint(io, "31", "baton:")} ${message}`);
}

export function dim(io: CliIo, text: string, stream = io.stderr): string {
  return paint(io, "2", text, stream);
}

function paint(io: CliIo, code: string, text: string, stream = io.stderr): string {
  return useColor(io, stream) ? `\u001b[${code}m${text}\u001b[0m` : text;
}
