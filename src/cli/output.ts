import { type CliIo, useColor } from "./cli-io.ts";

/** Bumped only when a `--json` shape changes incompatibly. */
export const JSON_SCHEMA_VERSION = 1;

/** Data goes to stdout, and only data: a pipe reader gets nothing else. */
export function writeData(io: CliIo, text: string): void {
  io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

export function writeJson(io: CliIo, value: Record<string, unknown>): void {
  io.stdout.write(`${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...value }, null, 2)}\n`);
}

/** A message for the person at the terminal: stderr, so it never mixes into piped data. */
export function say(io: CliIo, message: string): void {
  io.stderr.write(`${message}\n`);
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
