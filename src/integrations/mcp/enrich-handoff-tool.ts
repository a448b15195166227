import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ENRICH_TOOL_ARGS, ENRICH_TOOL_DESCRIPTION } from "../enrich-tool-args.ts";
import type { McpContext } from "./mcp-context.ts";
import { toolResult } from "./tool-result.ts";

/**
 * `baton enrich` for any MCP client: the model fills the sections a compaction's capture
 * left marked (seed 004), in place, as its claims (see `enrichFromTool`).
 */
export function registerEnrichHandoff(server: McpServer, context: McpContext): void {
  server.registerTool(
    "enrich_handoff",
    { description: ENRICH_TOOL_DESCRIPTION, inputSchema: ENRICH_TOOL_ARGS },
    (args) =>
      toolResult(context, async () => {
        const { enrichFromTool } = await import("../enrich-from-tool.ts");
        return enrichFromTool({
          cwd: context.cwd,
          env: context.env,
          now: context.now,
          dir: context.dir,
          args,
        });
      }),
  );
}
