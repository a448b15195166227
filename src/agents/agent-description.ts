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

/**
 * How to start the agent on a prompt (`baton continue`), and what its command line maps.
 * Checked against each agent's `--help` (see the agent's file for the version).
 */
export interface LaunchSpec {
  readonly binary: string;
  /** The arguments that make it print its version; `--version` when left out. */
  readonly versionArgs?: readonly string[];
  /** The interactive start: the prompt as one argument. */
  readonly prompt: PromptArgument;
  /**
   * The non-interactive run (`baton continue --headless`: scripts, CI, tests): the
   * arguments that select it, and how it takes the prompt. `null`: the agent has none.
   */
  readonly headless: {
    readonly args: readonly string[];
    readonly prompt: PromptArgument;
    /** The arguments after which it reads the prompt from stdin; `null`: it does not. */
    readonly stdin: readonly string[] | null;
    /** Flags of the interactive start that this mode refuses. */
    readonly without?: readonly LaunchFlag[];
  } | null;
  /** The arguments that resume one of its own sessions; `{id}` stands for the session id. */
  readonly resume: readonly string[] | null;
  /** The flag that starts a new session under an id the caller chooses (a UUID). */
  readonly sessionIdFlag: string | null;
  /** Flags for the model, the permission or approval mode, no prompts at all, and the working folder. */
  readonly flags: {
    readonly model: ModelFlag | null;
    readonly approval: { readonly flag: string; readonly modes: readonly string[] } | null;
    /** What `--yolo` becomes: run every tool without asking. */
    readonly yolo: readonly string[] | null;
    readonly cwd: string | null;
  };
}

export type LaunchFlag = keyof LaunchSpec["flags"];

export interface PromptArgument {
  /** The flag before the prompt; `null`: the prompt is a positional argument. */
  readonly flag: string | null;
  /** The longest prompt sent as an argument; a longer one goes by stdin or a file. */
  readonly maxBytes: number;
  /**
   * The agent joins its message arguments with spaces and quotes any argument holding one
   * (`opencode run`): the prompt goes word by word after `--`, and arrives as written.
   */
  readonly words?: boolean;
}

export interface ModelFlag {
  readonly flag: string;
  /** The agent names models `provider/model` (OpenCode, Kilo). */
  readonly withProvider?: boolean;
}

/**
 * The longest prompt baton passes as an argument: half of Linux's limit on one argument
 * (MAX_ARG_STRLEN, 128 KiB), since the whole command line and the environment share
 * ARG_MAX too. Longer prompts go by stdin or a file.
 */
export const ARGUMENT_MAX_BYTES = 64 * 1024;
