import { z } from "zod";

/** What the model is told of `enrich_handoff`, in the MCP server and the OpenCode plugin alike. */
export const ENRICH_TOOL_DESCRIPTION =
  "Fill the sections of a handoff that baton could not extract (marked <!-- baton:enrich -->, " +
  "e.g. after a compaction) from what you know: markdown under the document's own headings " +
  "(## Goal, ## Key Decisions, ## Failed Approaches, ## Next Steps, ## Open Questions, ...), " +
  "a list item per point. Only marked sections are filled unless replace is true; verified " +
  "facts are never replaced. What you write is kept as your claims.";

/** The arguments of `enrich_handoff` (a zod raw shape: both hosts take one). */
export const ENRICH_TOOL_ARGS = {
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
    .describe("A handoff id or unique prefix (default: the newest open, of this branch first)."),
  replace: z
    .boolean()
    .optional()
    .describe("Also replace sections that already hold claims (never verified facts)."),
};

export type EnrichToolArgs = {
  sections: string;
  id?: string | undefined;
  replace?: boolean | undefined;
};
