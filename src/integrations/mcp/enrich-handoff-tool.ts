import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { newestOpen } from "../newest-open-handoff.ts";
import { type McpContext, shownPath } from "./mcp-context.ts";
import { toolResult } from "./tool-result.ts";

/**
 * `baton enrich` for any MCP client: the model fills the sections a compaction's capture
 * left marked (seed 004), in place, as its claims; the handoff keeps its id and status
 * and is signed again by this machine. A handoff signed elsewhere is refused (there is no
 * force here: the model alone never edits another machine's handoff).
 */
export function registerEnrichHandoff(server: McpServer, context: McpContext): void {
  server.registerTool(
    "enrich_handoff",
    {
      description:
        "Fill the sections of a handoff that baton could not extract (marked <!-- baton:enrich -->, " +
        "e.g. after a compaction) from what you know: give markdown under the document's own " +
        "headings (## Goal, ## Key Decisions, ## Failed Approaches, ## Next Steps, ## Open " +
        "Questions, ...), a list item per point. Only marked sections are filled unless replace " +
        "is true; verified facts are never replaced. What you write is kept as your claims.",
      inputSchema: {
        sections: z
          .string()
          .min(1)
          .max(100_000)
          .describe(
            'Markdown under the section headings, e.g. "## Goal\\nShip v2\\n## Next Steps\\n1. Tag it".',
          ),
        id: z
          .string()
          .optional()
          .describe(
            "A handoff id or unique prefix (default: the newest open, of this branch first).",
          ),
        replace: z
          .boolean()
          .optional()
          .describe("Also replace sections that already hold claims (never verified facts)."),
      },
    },
    (args) =>
      toolResult(context, async () => {
        const { openProject } = await import("../../summarize/open-project.ts");
        const { givenFromText } = await import("../../summarize/given.ts");
        const { enrichHandoff, sectionHeadings } = await import(
          "../../summarize/enrich-handoff.ts"
        );
        const { machineSigner } = await import("../../safety/machine-signer.ts");
        // Input first: sections without headings fail before anything is looked up.
        const { sections } = givenFromText(args.sections, "sections");
        const { git, store } = await openProject({
          cwd: context.cwd,
          env: context.env,
          now: context.now,
          dir: context.dir,
        });
        const id = args.id?.trim() || undefined;
        const entry = id === undefined ? await newestOpen(store, git.branch) : await store.get(id);
        const enriched = await enrichHandoff({
          store,
          id: entry.id,
          given: sections,
          replace: args.replace,
          signer: machineSigner(context.env),
          env: context.env,
          thorough: true,
        });
        const lines = [
          `Handoff ${enriched.entry.id} enriched: ${shownPath(context, enriched.entry.path)}`,
          `Filled: ${sectionHeadings(enriched.filled)}.`,
        ];
        if (enriched.kept.length > 0) {
          lines.push(
            `Left as they were (already filled; replace=true overwrites claims): ${sectionHeadings(enriched.kept)}.`,
          );
        }
        return lines.join("\n");
      }),
  );
}
