import type { CliIo } from "./cli-io.ts";

/** One `baton` subcommand: its own file, its own help, one entry in the shell's table. */
export interface Command {
  name: string;
  summary: string;
  /** Full help text; it starts with examples, because that is what people look for first. */
  help: string;
  /** The full help, when part of it has to be loaded (an agent's integration, say). */
  loadHelp?: () => Promise<string>;
  run(args: string[], io: CliIo): Promise<number>;
}
