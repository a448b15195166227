import { BatonError } from "../core/errors.ts";
import type { AgentReader, ReaderContext, SessionInfo, SessionRef } from "./agent-reader.ts";
import { isWithin } from "./is-within.ts";
import { listIndexed, type SessionIndex } from "./session-index.ts";

export interface FoundSession {
  reader: AgentReader;
  info: SessionInfo;
}

export interface ListOptions {
  /** Only sessions recorded in this folder or below it (by the cwd the agent recorded). */
  cwd?: string;
  /** Rows kept from earlier listings, so that only sessions that changed are read. */
  index?: SessionIndex;
}

/** Sessions of every agent (or one), newest activity first; one unreadable store never hides the rest. */
export async function listSessions(
  context: ReaderContext,
  readers: readonly AgentReader[],
  options: ListOptions = {},
): Promise<{
  sessions: FoundSession[];
  errors: { agent: string; message: string }[];
}> {
  const errors: { agent: string; message: string }[] = [];
  const lists = await Promise.all(
    readers.map(async (reader) => {
      try {
        const infos =
          options.index === undefined
            ? await reader.listSessions(context, { cwd: options.cwd })
            : await listIndexed(reader, context, options.index, options.cwd);
        return infos.map((info) => ({ reader, info }));
      } catch (error) {
        errors.push({ agent: reader.agent, message: (error as Error).message });
        return [];
      }
    }),
  );
  let sessions = lists.flat();
  if (options.cwd !== undefined)
    sessions = sessions.filter((found) => isWithin(found.info.cwd, options.cwd as string));
  sessions.sort((a, b) => (b.info.lastActivityAt ?? "").localeCompare(a.info.lastActivityAt ?? ""));
  return { sessions, errors };
}

/**
 * A session by its exact id or an unambiguous prefix, wherever it was recorded; or, with
 * `latest`, the most recently written session of the folder. Neither reads a transcript
 * beyond its first records: ids come from file names or the agent's index.
 */
export async function findSession(
  context: ReaderContext,
  /** The agents to look in: one, or all of them. */
  readers: readonly AgentReader[],
  query: { id?: string; latest?: boolean; cwd?: string },
): Promise<FoundSession> {
  const one = readers.length === 1 ? readers[0] : undefined;
  const located = (
    await Promise.all(
      readers.map(async (reader) =>
        (await reader.locateSessions(context).catch(() => [])).map((ref) => ({ reader, ref })),
      ),
    )
  ).flat();
  if (query.latest) {
    located.sort((a, b) => b.ref.modifiedAt.localeCompare(a.ref.modifiedAt));
    for (const { reader, ref } of located) {
      const peek = await reader.peekSession(ref.location, context).catch(() => null);
      if (peek && (query.cwd === undefined || isWithin(peek.cwd, query.cwd))) {
        return { reader, info: await describeRef(reader, ref, context) };
      }
    }
    const who = one?.displayName ?? "any agent";
    throw new BatonError(
      "not-found",
      `no session of ${who} recorded in ${query.cwd ?? "any folder"}`,
    );
  }
  const id = query.id ?? "";
  if (id.length === 0) throw new BatonError("usage", "give a session id, or --agent NAME --latest");
  const exact = located.filter(({ ref }) => ref.id === id);
  const matches = exact.length > 0 ? exact : located.filter(({ ref }) => ref.id.startsWith(id));
  const only = matches[0];
  if (matches.length === 1 && only)
    return { reader: only.reader, info: await describeRef(only.reader, only.ref, context) };
  if (matches.length === 0)
    throw new BatonError("not-found", `no session with id ${id}${one ? ` in ${one.agent}` : ""}`);
  const candidates = matches.slice(0, 5).map(({ reader, ref }) => `${reader.agent} ${ref.id}`);
  throw new BatonError(
    "usage",
    `session id ${id} is ambiguous: ${candidates.join(", ")}${matches.length > 5 ? ", …" : ""}`,
  );
}

/** What a lookup can say about a session without reading it whole. */
async function describeRef(
  reader: AgentReader,
  ref: SessionRef,
  context: ReaderContext,
): Promise<SessionInfo> {
  const peek = await reader
    .peekSession(ref.location, context)
    .catch(() => ({ cwd: null, startedAt: null }));
  return {
    agent: reader.agent,
    id: ref.id,
    location: ref.location,
    cwd: peek.cwd,
    title: null,
    startedAt: peek.startedAt,
    lastActivityAt: ref.modifiedAt,
    messageCount: null,
    model: null,
    branch: null,
    firstPrompt: null,
  };
}
