import { relative } from "node:path";
import { z } from "zod";
import { describeError } from "../../core/errors.ts";
import { machineSigner } from "../../safety/machine-signer.ts";
import { redactTextFast } from "../../safety/redact-text.ts";
import { enrichHandoff, sectionHeadings } from "../../summarize/enrich-handoff.ts";
import { givenFromText } from "../../summarize/given.ts";
import { openProject } from "../../summarize/open-project.ts";
import { newestOpen } from "../newest-open-handoff.ts";
import { defineTool } from "./baton-tool.ts";
import type { PluginContext } from "./plugin-context.ts";

const ARGS = {
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
      "The handoff's id or a unique prefix (default: the newest open, of this branch first).",
    ),
  replace: z
    .boolean()
    .optional()
    .describe("Also replace sections that already hold claims (never verified facts)."),
};

/**
 * `baton enrich` as an OpenCode tool: after a compaction the re-injected prompt asks the
 * model to fill the sections the capture left marked (seed 004); they are written in place
 * as its claims, the handoff keeps its status and is signed again. A handoff another
 * machine signed is refused: the model alone never edits it.
 */
export function enrichHandoffTool(context: PluginContext) {
  return defineTool({
    description:
      "Fill the sections of a handoff that baton could not extract (marked <!-- baton:enrich -->, " +
      "e.g. after a compaction) from what you know: markdown under the document's own headings " +
      "(## Goal, ## Key Decisions, ## Failed Approaches, ## Next Steps, ## Open Questions, ...), " +
      "a list item per point. Only marked sections are filled unless replace is true; verified " +
      "facts are never replaced. What you write is kept as your claims.",
    args: ARGS,
    async execute(args) {
      const { directory, env } = context;
      try {
        const { sections } = givenFromText(args.sections, "sections");
        const { git, store } = await openProject({ cwd: directory, env, now: () => new Date() });
        const entry = args.id?.trim()
          ? await store.get(args.id.trim())
          : await newestOpen(store, git.branch);
        const enriched = await enrichHandoff({
          store,
          id: entry.id,
          given: sections,
          replace: args.replace,
          signer: machineSigner(env),
          env,
          thorough: true,
        });
        const where = relative(directory, enriched.entry.path);
        const kept =
          enriched.kept.length === 0
            ? ""
            : ` Left as they were (already filled; replace=true overwrites claims): ${sectionHeadings(enriched.kept)}.`;
        return `Handoff ${enriched.entry.id} enriched (${where}). Filled: ${sectionHeadings(enriched.filled)}.${kept}`;
      } catch (error) {
        // The message may quote the input: it passes redaction like everything baton says.
        throw new Error(redactTextFast(`baton: ${describeError(error)}`, { env }).text);
      }
    },
  });
}
