import type { AgentReader } from "../../agents/agent-reader.ts";
import type { Env } from "../baton-state-dir.ts";

/** What a hook handler needs of its process, injected so tests run handlers in-process. */
export interface HookContext {
  env: Env;
  /** The folder the hook process runs in; stdin's `cwd` wins when present. */
  cwd: string;
  homedir: string;
  now: () => Date;
  /** Starts `baton hook <agent> <args>` in the background; injected for tests. */
  spawnWorker: (args: string[]) => void;
  /**
   * The agent whose hooks run, when not Claude Code: Codex speaks the same hook protocol
   * (the same stdin fields and SessionStart answer), so its hooks run these handlers with
   * its own id (for the handoff's source and the claim) and its own transcript reader.
   */
  agent?: HookAgent;
  /** The agent whose hook process this is (`hook-main.js <agent>`), for the hooks' log. */
  processAgent?: string;
}

export interface HookAgent {
  id: string;
  loadReader: () => Promise<AgentReader>;
  /**
   * PreCompact answers `{"handoff": "<id>"}`, the handoff it wrote (Pi's extension makes
   * only that one the compaction's summary, never an older one of the session).
   */
  reportsCapture?: boolean;
}

/** The id of the agent whose hook runs. */
export function hookAgentId(context: HookContext): string {
  return context.agent?.id ?? "claude-code";
}
