import { homedir } from "node:os";
import { z } from "zod";
import type { AgentReader, ReaderContext } from "../../agents/agent-reader.ts";
import { claudeCodeReader } from "../../agents/claude-code/claude-code-reader.ts";
import { codexReader } from "../../agents/codex/codex-reader.ts";
import { BatonError } from "../../core/errors.ts";
import { renderMessages } from "../../core/render-messages.ts";
import type { SessionMessage } from "../../core/session.ts";
import { redactTextFast } from "../../safety/redact-text.ts";
import { defineTool } from "./baton-tool.ts";
import type { PluginContext } from "./plugin-context.ts";
import { readApiSession } from "./read-api-session.ts";

/**
 * The readers of the agents whose sessions live in files. OpenCode's own sessions are read
 * through its server instead: baton's OpenCode reader needs `node:sqlite`, which OpenCode's
 * Bun runtime does not have.
 */
const FILE_READERS: readonly AgentReader[] = [claudeCodeReader, codexReader];

export const DEFAULT_LAST = 20;

/**
 * seed 000's `read_session`: the last messages of the previous session, whose id the
 * continuation prompt's footer carries (put there by code, so the model never guesses it).
 * An id of another agent's session (Claude Code, Codex) is read through baton's readers.
 */
export function readSessionTool(context: PluginContext) {
  return defineTool({
    description:
      "Read the last messages (with tool activity) of a previous session, e.g. the one named in a " +
      "handoff's footer (`Previous: ... session <id>`). Works for OpenCode, Claude Code and Codex " +
      "session ids. Use it sparingly, when the handoff does not say enough.",
    args: {
      session_id: z
        .string()
        .min(1)
        .describe("The session id, exactly as the handoff footer gives it."),
      last: z
        .number()
        .int()
        .min(1)
        .max(200)
        .optional()
        .describe(`How many messages, newest last (default ${DEFAULT_LAST}).`),
    },
    async execute(args) {
      const id = args.session_id.trim().replace(/^`|`$/g, "");
      const last = args.last ?? DEFAULT_LAST;
      const { header, messages } = id.startsWith("ses_")
        ? await readOpenCodeMessages(context, id, last)
        : await readFileSession(context, id, last);
      const text = renderMessages(messages, { header });
      return redactTextFast(text, { env: context.env }).text;
    },
  });
}

async function readOpenCodeMessages(context: PluginContext, id: string, last: number) {
  const { session, title } = await readApiSession(context.client, id, context.directory);
  const messages = session.messages.slice(-last);
  return {
    header: `# OpenCode session ${id}${title ? ` "${title}"` : ""} — last ${describeCount(messages)}`,
    messages,
  };
}

async function readFileSession(context: PluginContext, id: string, last: number) {
  const readerContext: ReaderContext = {
    env: { ...context.env },
    homedir: context.env.HOME ?? homedir(),
  };
  const located = (
    await Promise.all(
      FILE_READERS.map(async (reader) =>
        (
          await reader.locateSessions(readerContext).catch(() => [])
        ).map((ref) => ({ reader, ref })),
      ),
    )
  ).flat();
  const exact = located.filter(({ ref }) => ref.id === id);
  const matches = exact.length > 0 ? exact : located.filter(({ ref }) => ref.id.startsWith(id));
  const found = matches[0];
  if (found === undefined) {
    throw new BatonError("not-found", `no OpenCode, Claude Code or Codex session with id ${id}`);
  }
  if (matches.length > 1) {
    const names = matches.slice(0, 5).map(({ reader, ref }) => `${reader.agent} ${ref.id}`);
    throw new BatonError("usage", `session id ${id} is ambiguous: ${names.join(", ")}`);
  }
  const { messages } = await found.reader.readTail(found.ref.location, readerContext, { last });
  return {
    header: `# ${found.reader.displayName} session ${found.ref.id} — last ${describeCount(messages)}`,
    messages,
  };
}

function describeCount(messages: readonly SessionMessage[]): string {
  return `${messages.length} message${messages.length === 1 ? "" : "s"}`;
}
