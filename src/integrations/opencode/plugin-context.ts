import type { ModelRef, OpenCodeClient } from "./opencode-client.ts";
import type { RelayQueue } from "./relay-queue.ts";

/** What every tool and hook of one plugin instance shares. */
export interface PluginContext {
  client: OpenCodeClient;
  /** The project directory of this OpenCode instance. */
  directory: string;
  env: NodeJS.ProcessEnv;
  relays: RelayQueue;
  /** Continuation prompts captured before a compaction, re-injected after it. */
  compactPrompts: Map<string, string>;
  /** Handoffs claimed by a session that was just started with them: restored after its first turn. */
  /** Sessions whose automatic "continue" after compaction baton sends, after the handoff. */
  continueAfterCompaction: Map<string, { agent: string; model: ModelRef }>;
  pendingRestores: Map<string, { root: string; dir: string; handoffId: string }>;
  /**
   * Sessions whose start is dealt with: given the waiting handoff (or checked for one) at
   * their first message, or started by baton itself with a prompt of its own.
   */
  startHandled: Set<string>;
}
