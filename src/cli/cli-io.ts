import type { Readable, Writable } from "node:stream";

/** A stream that may be a terminal; tests pass plain streams, which are not. */
export type MaybeTtyWritable = Writable & { isTTY?: boolean; columns?: number };
export type MaybeTtyReadable = Readable & { isTTY?: boolean };

/**
 * Everything a command touches of its process, injected so that commands run in-process
 * in tests with their own streams, environment, folder and clock.
 */
export interface CliIo {
  stdout: MaybeTtyWritable;
  stderr: MaybeTtyWritable;
  stdin: MaybeTtyReadable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  now: () => Date;
  pid: number;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    pid: process.pid,
  };
}

/** Prompts need both ends on a terminal: an answer typed into a pipe is never coming. */
export function canPrompt(io: CliIo): boolean {
  return io.stdin.isTTY === true && io.stdout.isTTY === true;
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty. */
export function useColor(io: CliIo, stream: MaybeTtyWritable = io.stderr): boolean {
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  return stream.isTTY === true;
}
