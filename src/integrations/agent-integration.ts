import type { Readable, Writable } from "node:stream";
import type { Env } from "./baton-state-dir.ts";

/**
 * What baton can add to an agent: install and uninstall (with scopes and a dry run), the
 * hook events it handles, and where it can put a handoff in front of the model. An agent
 * with no hooks, plugin or commands has no integration (its adapter says `null`).
 */
export interface AgentIntegration {
  /** One paragraph for `baton install --help`: what installing adds. */
  readonly summary: string;
  /** The scopes `--scope` accepts, the default first. */
  readonly scopes: readonly InstallScopeSpec[];
  /** Where a handoff reaches the model: "session start", "after compaction", … */
  readonly injects: readonly string[];
  install(request: InstallRequest): Promise<InstallOutcome>;
  uninstall(request: InstallRequest): Promise<InstallOutcome>;
  /** Hook commands the agent runs (`baton hook <agent> <event>`); null for a plugin. */
  readonly hooks: HookRunner | null;
  /** What baton has installed, scope by scope, and whether it would run (`baton doctor`). */
  inspect(request: InspectRequest): Promise<InstalledScope[]>;
}

export type InspectRequest = Pick<InstallRequest, "root" | "env" | "homedir">;

/** Something wrong with an installed integration, and the command or step that fixes it. */
export interface InstallProblem {
  problem: string;
  fix: string;
}

export interface InstalledScope {
  scope: string;
  /** The file that holds baton's hooks or plugin at this scope. */
  path: string;
  installed: boolean;
  /** What is there: "5 of 5 hooks", "plugin". */
  detail: string | null;
  /** Broken: the hooks would not run, or only some are there. */
  problems: InstallProblem[];
  /** Worth knowing, not broken (a committed file naming this machine's paths). */
  notes: string[];
}

export interface InstallScopeSpec {
  readonly name: string;
  /** Where this scope writes, for the help. */
  readonly where: string;
  /**
   * Whether what it writes may be committed for a team, said after an install that names
   * this machine's paths.
   */
  readonly sharing: string;
  /** It writes into the repository: a baton installed there as a dependency is named relative to it. */
  readonly inRepository: boolean;
}

/** The copy of baton that installs itself: hooks and plugins point at it by absolute path. */
export interface Launcher {
  node: string;
  entry: string;
  hookEntry: string;
  /**
   * The baton package's folder relative to the repository root (`node_modules/agent-baton`)
   * when this baton is the repository's own dependency and the scope writes into the
   * repository: files a team commits then name it relative to the project, not by this
   * machine's paths.
   */
  inProject?: string | undefined;
}

export interface InstallRequest {
  scope: string;
  /** The repository root (the folder, outside git). */
  root: string;
  env: Env;
  homedir: string;
  now: Date;
  dryRun: boolean;
  launcher: Launcher;
}

export type FileAction = "create" | "update" | "remove" | "unchanged" | "absent" | "skip";

export interface InstallOutcome {
  /** Every file looked at, in order, with what was (or, dry, would be) done to it. */
  files: { path: string; action: FileAction | "backup"; reason?: string | undefined }[];
  /** Printed with `--json`, beside `dryRun`. */
  json: Record<string, unknown>;
  /** What a dry run would have done beyond the files (the hooks' commands). */
  dryRunDetails: string[];
  /** Said after a real install that changed something. */
  doneMessage: string;
}

export interface HookIo {
  stdin: Readable;
  stdout: Writable;
  env: Env;
  cwd: string;
  now: () => Date;
}

export interface HookRunner {
  /** The events by the agent's own names, for the help. */
  readonly events: readonly string[];
  /**
   * How long the agent gives the event, as baton installs it; for baton's own background
   * steps, their own time (a step that waits on a model), or null for the default.
   */
  timeoutSeconds(event: string): number | null;
  /** Runs one event; never throws, writes only the event's answer to stdout. */
  run(args: readonly string[], io: HookIo): Promise<void>;
}
