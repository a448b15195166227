import { loadReaders } from "../adapters/registry.ts";
import { findSession } from "../agents/find-sessions.ts";
import { readSessionBounded } from "../agents/read-session-bounded.ts";
import type { Session } from "../core/session.ts";
import type { CliIo } from "./cli-io.ts";
import { say, warn } from "./output.ts";
import { readerContext } from "./reader-context.ts";

/**
 * With --session or --latest: the session found (an exact id wherever it was recorded, or
 * this folder's newest), of the agent `from` or of any, read by its agent's reader; null
 * otherwise.
 */
export async function readFromSession(
  io: CliIo,
  values: { from?: string; session?: string; latest?: boolean },
): Promise<Session | null> {
  if (values.session === undefined && !values.latest) return null;
  const context = readerContext(io);
  const found = await findSession(context, await loadReaders(values.from), {
    id: values.session,
    latest: values.latest,
    cwd: io.cwd,
  });
  const session = await readSessionBounded(found.reader, found.info.location, context);
  const skipped = Object.values(session.warnings).reduce((sum, count) => sum + count, 0);
  if (skipped > 0)
    warn(
      io,
      `skipped ${skipped} unreadable record${skipped === 1 ? "" : "s"} of the session (baton read ${session.id} --verbose says which)`,
    );
  say(io, `baton: summarizing ${found.reader.displayName} session ${session.id}`);
  return session;
}
