import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { type McpContext, shownPath } from "./mcp-context.ts";
import { toolResult } from "./tool-result.ts";

/** `baton list --json` as a tool: this repository's handoffs, newest first. */
export function registerListHandoffs(server: McpServer, context: McpContext): void {
  server.registerTool(
    "list_handoffs",
    {
      description:
        "The handoffs of this repository, newest first: id, status (open, claimed, restored, " +
        "superseded), branch, topic, created, goal, path. Pass an id to show_handoff or " +
        "resume_handoff.",
      inputSchema: {
        all: z.boolean().optional().describe("Include the archived (consumed) handoffs too."),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      toolResult(context, async () => {
        const { openProject } = await import("../../summarize/open-project.ts");
        const { summarizeEntry } = await import("../../store/summarize-entry.ts");
        const { store } = await openProject({
          cwd: context.cwd,
          env: context.env,
          now: context.now,
          dir: context.dir,
        });
        const entries = await store.list({ all: args.all ?? false });
        return JSON.stringify(
          {
            dir: shownPath(context, store.dir),
            handoffs: entries.flatMap((entry) =>
              entry.ok ? [{ ...summarizeEntry(entry), path: shownPath(context, entry.path) }] : [],
            ),
            errors: entries.flatMap((entry) =>
              entry.ok
                ? []
                : [
                    {
                      id: entry.id,
                      path: shownPath(context, entry.path),
                      message: entry.error.message,
                    },
                  ],
            ),
          },
          null,
          2,
        );
      }),
  );
}
