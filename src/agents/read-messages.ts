import type { SessionMessage } from "../core/session.ts";
import type { AgentReader, ReaderContext, SessionInfo } from "./agent-reader.ts";
import { readSessionBounded } from "./read-session-bounded.ts";

export interface ReadMessagesOptions {
  last: number;
  /** Only messages whose text or tool activity contains this (any case). */
  grep?: string | undefined;
}

/**
 * The last messages of a session (`baton read`, the MCP server's `read_session`): the tail
 * only, unless a search has to look at the whole session for older matches.
 */
export async function readMessages(
  reader: AgentReader,
  info: SessionInfo,
  context: ReaderContext,
  options: ReadMessagesOptions,
): Promise<{ messages: SessionMessage[]; warnings: Record<string, number> }> {
  if (options.grep === undefined) {
    return reader.readTail(info.location, context, { last: options.last });
  }
  const session = await readSessionBounded(reader, info.location, context);
  const needle = options.grep.toLowerCase();
  return {
    messages: session.messages
      .filter((message) => messageMatches(message, needle))
      .slice(-options.last),
    warnings: session.warnings,
  };
}

function messageMatches(message: SessionMessage, needle: string): boolean {
  if (message.text.toLowerCase().includes(needle)) return true;
  return message.toolCalls.some(
    (call) =>
      (call.command ?? "").toLowerCase().includes(needle) ||
      (call.output ?? "").toLowerCase().includes(needle) ||
      call.paths.some((path) => path.toLowerCase().includes(needle)),
  );
}

/** `# Claude Code session 4646b033 in /repo — last 3 messages matching "x"`. */
export function messagesHeader(
  reader: AgentReader,
  info: SessionInfo,
  count: number,
  grep: string | undefined,
): string {
  const where = info.cwd ? ` in ${info.cwd}` : "";
  const matching = grep === undefined ? "" : ` matching "${grep}"`;
  return `# ${reader.displayName} session ${info.id}${where} — last ${count} message${count === 1 ? "" : "s"}${matching}`;
}
