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
  /** Null when the session was found without being read whole. */
  messageCount: number | null;
  model: string | null;
  branch: string | null;
  firstPrompt: string | null;
}

/** Where a session is, known without reading it: from its file name or the agent's index. */
export interface SessionRef {
  id: string;
  location: string;
  /** When the session was last written (file mtime, or the index's update time). */
  modifiedAt: string;
  /** The file's size in bytes, when the session is a file: with `modifiedAt`, its version. */
  size?: number;
}

export interface SessionFilter {
  /** Only sessions recorded in this folder or below it. */
  cwd?: string | undefined;
  /**
   * Only these sessions (by location): the ones a listing index does not hold. A reader
   * whose listing costs one query may ignore it.
   */
  locations?: ReadonlySet<string> | undefined;
}

/** What the head of a session says, read without going further. */
export interface SessionPeek {
  cwd: string | null;
  startedAt: string | null;
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
  /**
   * The URL of the module that exports this reader (its `import.meta.url`): a reader that
   * names it can be re-created in a worker thread, where a large session is read whole
   * with a bounded heap (see `readSessionBounded`).
   */
  readonly source?: string;
  /** Every session the agent has stored, without reading any: for lookups by id and recency. */
  locateSessions(context: ReaderContext): Promise<SessionRef[]>;
  /** The cwd and start of one session, from its first records only. */
  peekSession(location: string, context: ReaderContext): Promise<SessionPeek>;
  /**
   * The sessions the agent has stored, with the details a listing shows. Each one listed is
   * read whole, so a `cwd` filter is applied first, from what the sessions' heads say.
   */
  listSessions(context: ReaderContext, filter?: SessionFilter): Promise<SessionInfo[]>;
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
