import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { BatonError } from "../../core/errors.ts";
import { type McpContext, readerContextOf } from "./mcp-context.ts";
import { toolResult } from "./tool-result.ts";

export const DEFAULT_LAST = 20;

/**
 * seed 000's `read_session`, for any agent: the last messages of a session by id or prefix
 * (the one a handoff's footer names), as `baton read` prints them.
 */
export function registerReadSession(server: McpServer, context: McpContext): void {
  server.registerTool(
    "read_session",
    {
      description:
        "Read the last messages (with tool activity, one line per call) of a coding-agent session " +
        `of any agent (${context.agents.join(", ")}), by id or unique prefix, e.g. the one named ` +
        "in a handoff's footer; or the newest session of this folder with latest=true. Use it " +
        "sparingly, when the handoff does not say enough.",
      inputSchema: {
        session_id: z
          .string()
          .optional()
          .describe("The session id or a unique prefix, as list_sessions or the handoff gives it."),
        agent: z
          .string()
          .optional()
          .describe(`Look only in this agent's sessions: ${context.agents.join(", ")}.`),
        latest: z
          .boolean()
          .optional()
          .describe("The newest session of this folder instead of an id."),
        last: z
          .number()
          .int()
          .min(1)
          .max(200)
          .optional()
          .describe(`How many messages, newest last (default ${DEFAULT_LAST}).`),
        grep: z
          .string()
          .min(1)
          .optional()
          .describe("Only messages whose text or tool activity contains this (any case)."),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      toolResult(context, async () => {
        const id = args.session_id?.trim().replace(/^`|`$/g, "") || undefined;
        if (id === undefined && !args.latest) {
          throw new BatonError("usage", "give session_id, or latest=true");
        }
        const { findSession } = await import("../../agents/find-sessions.ts");
        const { messagesHeader, readMessages } = await import("../../agents/read-messages.ts");
        const { renderMessages } = await import("../../core/render-messages.ts");
        const readerContext = readerContextOf(context);
        const readers = await context.loadReaders(args.agent?.trim() || undefined);
        const { reader, info } = await findSession(readerContext, readers, {
          id,
          latest: args.latest,
          cwd: context.cwd,
        });
        const { messages } = await readMessages(reader, info, readerContext, {
          last: args.last ?? DEFAULT_LAST,
          grep: args.grep,
        });
        const header = messagesHeader(reader, info, messages.length, args.grep);
        return renderMessages(messages, { header });
      }),
  );
}
