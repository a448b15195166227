import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { type McpContext, readerContextOf } from "./mcp-context.ts";
import { toolResult } from "./tool-result.ts";

/** `baton sessions` as a tool: this folder's sessions of every agent (or one), newest first. */
export function registerListSessions(server: McpServer, context: McpContext): void {
  server.registerTool(
    "list_sessions",
    {
      description:
        `The coding-agent sessions recorded in this folder (${context.agents.join(", ")}), newest ` +
        "activity first: agent, id, start, last activity, message count, model, branch, first " +
        "prompt. Pass an id to read_session or session_handoff.",
      inputSchema: {
        agent: z
          .string()
          .optional()
          .describe(`Only this agent's sessions: ${context.agents.join(", ")}.`),
        all: z.boolean().optional().describe("Every folder's sessions, not only this folder's."),
        limit: z
          .number()
          .int()
          .min(1)
          .max(500)
          .optional()
          .describe("At most this many sessions (default 50)."),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      toolResult(context, async () => {
        const { listSessions } = await import("../../agents/find-sessions.ts");
        const { redactValueFast } = await import("../../safety/redact-value.ts");
        const { sessionIndexFiles } = await import("../session-index-files.ts");
        const readers = await context.loadReaders(args.agent?.trim() || undefined);
        const { sessions, errors } = await listSessions(readerContextOf(context), readers, {
          cwd: args.all ? undefined : context.cwd,
          index: sessionIndexFiles(readerContextOf(context).env),
        });
        const shown = sessions.slice(0, args.limit ?? 50).map(({ info }) => {
          const { location: _location, ...rest } = info;
          return rest;
        });
        const value = {
          folder: args.all ? null : context.cwd,
          total: sessions.length,
          sessions: shown,
          errors,
        };
        // Masked string by string, so a mask never breaks the JSON.
        const redacted = redactValueFast(value, { env: { ...context.env } }).value;
        return JSON.stringify(redacted, null, 2);
      }),
  );
}
