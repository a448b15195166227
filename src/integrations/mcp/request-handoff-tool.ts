import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { McpContext } from "./mcp-context.ts";
import { toolResult } from "./tool-result.ts";

/**
 * seed 003's non-mutating handoff request: the model may sense that its context is
 * saturating, but the person (or the harness) owns the switch. Nothing is written or
 * claimed; the result says what was asked and why, for the client to surface and confirm.
 */
export function registerRequestHandoff(server: McpServer, context: McpContext): void {
  server.registerTool(
    "request_handoff",
    {
      description:
        "Ask for a handoff to a new session, without doing it: use it when your context is " +
        "nearly full, or before the work turns to something a fresh session should start on. " +
        "It changes nothing; it returns a handoff-requested result with your reason for the " +
        "user to confirm. Then stop and wait; on their yes, call session_handoff.",
      inputSchema: {
        reason: z
          .string()
          .trim()
          .min(1)
          .max(500)
          .describe(
            "Why a handoff now, in one sentence (for example: the context is nearly full).",
          ),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      toolResult(context, async () =>
        JSON.stringify({
          status: "handoff-requested",
          reason: args.reason,
          confirm: "session_handoff",
          next: "The user decides: tell them the reason, stop working and wait for their answer.",
        }),
      ),
  );
}
