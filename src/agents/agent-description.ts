import type { AgentReader } from "./agent-reader.ts";

/**
 * What baton knows about an agent without its integration: names, reader, how to launch it,
 * where seed 001's session-state file goes and which variable names the running session.
 * Each part an agent lacks is `null`, stated rather than left out, so callers test for
 * the part and never for the agent's name.
 */
export interface AgentDescription {
  /** baton's name for the agent: `claude-code`, `codex`, `opencode`. */
  readonly id: string;
  readonly displayName: string;
  /** Other names accepted on the command line (seed 001 says `claude` for Claude Code). */
  readonly aliases: readonly string[];
  /** Loaded on use: a hook or `--help` should not pay for every agent's reader. */
  readonly loadReader: (() => Promise<AgentReader>) | null;
  readonly launch: LaunchSpec | null;
  /** Seed 001's session-state file, relative to the repository root. */
  readonly sessionStatePath: string | null;
  /** The environment variable the agent sets, inside its tools, to the running session's id. */
  readonly sessionEnv: string | null;
}

/** How to start the agent on a prompt, and what its command line maps. */
export interface LaunchSpec {
  readonly binary: string;
  /** The arguments that make it print its version; `--version` when left out. */
  readonly versionArgs?: readonly string[];
  /** How a prompt reaches it: as an argument, on stdin, or by a flag naming a file. */
  readonly prompt:
    | { readonly via: "argument"; readonly flag: string | null; readonly maxBytes: number }
    | { readonly via: "stdin"; readonly args: readonly string[]; readonly maxBytes: number };
  /** The arguments that resume one of its own sessions; `{id}` stands for the session id. */
  readonly resume: readonly string[] | null;
  /** Flags for the model, the permission or approval mode and the working folder. */
  readonly flags: {
    readonly model: string | null;
    readonly approval: string | null;
    readonly cwd: string | null;
  };
}

/** Linux's limit on one argument (MAX_ARG_STRLEN); longer prompts go by stdin or a file. */
export const ARGUMENT_MAX_BYTES = 128 * 1024;
