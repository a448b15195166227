import { sep } from "node:path";
import type { Source } from "../core/handoff.ts";
import type { Session } from "../core/session.ts";

/** The handoff's `source` for a session: who wrote it, and where it is (with `~` for home). */
export function sourceFromSession(session: Session, homedir: string): Source {
  const home = homedir.endsWith(sep) ? homedir.slice(0, -1) : homedir;
  const location =
    home !== "" && session.location.startsWith(home + sep)
      ? `~${session.location.slice(home.length)}`
      : session.location;
  return {
    agent: session.agent,
    sessionId: session.id,
    transcript: location,
    model: session.model,
    provider: session.provider,
    agentMode: session.agentMode,
  };
}
