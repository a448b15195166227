import { sep } from "node:path";
import { BatonError } from "../core/errors.ts";
import type { AgentReader, ReaderContext, SessionInfo } from "./agent-reader.ts";
import { AGENT_READERS, getAgentReader } from "./registry.ts";

export interface FoundSession {
  reader: AgentReader;
  info: SessionInfo;
}

export interface ListOptions {
  agent?: string;
  /** Only sessions recorded in this folder or below it (by the cwd the agent recorded). */
  cwd?: string;
}

/** Is `path` the folder `root` or inside it? Compared on the recorded cwd, never a decoded name. */
export function isWithin(path: string | null, root: string): boolean {
  if (path === null) return false;
  const trimmed = root.endsWith(sep) ? root.slice(0, -1) : root;
  return path === trimmed || path.startsWith(trimmed + sep);
}

/** Sessions of every agent (or one), newest activity first; one unreadable store never hides the rest. */
export async function listSessions(
  context: ReaderContext,
  options: ListOptions = {},
): Promise<{
  sessions: FoundSession[];
  errors: { agent: string; message: string }[];
}> {
  const readers = options.agent ? [getAgentReader(options.agent)] : AGENT_READERS;
  const errors: { agent: string; message: string }[] = [];
  const lists = await Promise.all(
    readers.map(async (reader) => {
      try {
        return (await reader.listSessions(context)).map((info) => ({ reader, info }));
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
 * A session by its exact id or an unambiguous prefix, wherever it was recorded; or the
 * newest session of the folder with `latest`.
 */
export async function findSession(
  context: ReaderContext,
  query: { id?: string; agent?: string; latest?: boolean; cwd?: string },
): Promise<FoundSession> {
  if (query.latest) {
    const { sessions } = await listSessions(context, { agent: query.agent, cwd: query.cwd });
    const newest = sessions[0];
    if (!newest) {
      const who = query.agent ? getAgentReader(query.agent).displayName : "any agent";
      throw new BatonError(
        "not-found",
        `no session of ${who} recorded in ${query.cwd ?? "any folder"}`,
      );
    }
    return newest;
  }
  const id = query.id ?? "";
  if (id.length === 0) throw new BatonError("usage", "give a session id, or --agent NAME --latest");
  const { sessions } = await listSessions(context, { agent: query.agent });
  const exact = sessions.filter((found) => found.info.id === id);
  if (exact.length >= 1) return exact[0] as FoundSession;
  const matches = sessions.filter((found) => found.info.id.startsWith(id));
  if (matches.length === 1) return matches[0] as FoundSession;
  if (matches.length === 0)
    throw new BatonError(
      "not-found",
      `no session with id ${id}${query.agent ? ` in ${query.agent}` : ""}`,
    );
  const candidates = matches.slice(0, 5).map((found) => `${found.info.agent} ${found.info.id}`);
  throw new BatonError(
    "usage",
    `session id ${id} is ambiguous: ${candidates.join(", ")}${matches.length > 5 ? ", …" : ""}`,
  );
}
