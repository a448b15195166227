import type { ParseWarnings, Session, SessionMessage } from "../core/session.ts";

/**
 * The contract every agent reader implements, versioned so that readers written against
 * an older contract are recognised rather than half-working. A reader turns one agent's
 * native session store into the common `Session` model; it parses loosely (unknown
 * records are counted in warnings, never fatal) and streams: it never loads a whole
 * transcript to answer a question about its end.
 */
export const AGENT_READER_CONTRACT = 1;

export interface ReaderContext {
  env: NodeJS.ProcessEnv;
  homedir: string;
}

/** One row of `baton sessions`: what a listing can afford to know about a session. */
export interface SessionInfo {
  agent: string;
  id: string;
  /** A transcript file, or `<database>#<session id>`. */
  location: string;
  cwd: string | null;
  title: string | null;
  startedAt: string | null;
  lastActivityAt: string | null;
  messageCount: number;
  model: string | null;
  branch: string | null;
  firstPrompt: string | null;
}

export interface TailResult {
  /** The last user and assistant messages, oldest first. */
  messages: SessionMessage[];
  warnings: ParseWarnings;
}

export interface AgentReader {
  readonly contract: typeof AGENT_READER_CONTRACT;
  /** baton's name for the agent: `claude-code`, `codex`, `opencode`. */
  readonly agent: string;
  readonly displayName: string;
  /** Every session the agent has stored, cheapest metadata only. */
  listSessions(context: ReaderContext): Promise<SessionInfo[]>;
  readSession(location: string, context: ReaderContext): Promise<Session>;
  /** The last `last` user and assistant messages; cost independent of the session's length. */
  readTail(
    location: string,
    context: ReaderContext,
    options: { last: number },
  ): Promise<TailResult>;
}

export function addWarning(warnings: ParseWarnings, reason: string, count = 1): void {
  warnings[reason] = (warnings[reason] ?? 0) + count;
}
