import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describeError } from "../../core/errors.ts";
import type { McpContext } from "./mcp-context.ts";

/**
 * Runs one tool call: its text, or its failure as a tool error with the message (never a
 * crash of the server). Both pass redaction: a session read or an error message quoting a
 * path or an argument may hold a secret.
 */
export async function toolResult(
  context: McpContext,
  run: () => Promise<string>,
): Promise<CallToolResult> {
  const env = { ...context.env };
  // Loaded on the first call, not at start-up: `initialize` and `tools/list` stay quick.
  const { redactTextFast } = await import("../../safety/redact-text.ts");
  try {
    const text = await run();
    return { content: [{ type: "text", text: redactTextFast(text, { env }).text }] };
  } catch (error) {
    const text = `baton: ${describeError(error)}`;
    return { content: [{ type: "text", text: redactTextFast(text, { env }).text }], isError: true };
  }
}
