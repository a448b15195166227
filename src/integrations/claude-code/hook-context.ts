import type { Env } from "../baton-state-dir.ts";

/** What a hook handler needs of its process, injected so tests run handlers in-process. */
export interface HookContext {
  env: Env;
  /** The folder the hook process runs in; stdin's `cwd` wins when present. */
  cwd: string;
  homedir: string;
  now: () => Date;
  /** Starts `baton hook claude-code <args>` in the background; injected for tests. */
  spawnWorker: (args: string[]) => void;
}
