import { relative } from "node:path";
import { machineSigner } from "../safety/machine-signer.ts";
import { enrichHandoff, sectionHeadings } from "../summarize/enrich-handoff.ts";
import { givenFromText } from "../summarize/given.ts";
import { openProject } from "../summarize/open-project.ts";
import type { EnrichToolArgs } from "./enrich-tool-args.ts";
import { newestOpen } from "./newest-open-handoff.ts";

/**
 * `enrich_handoff` of the MCP server and the OpenCode plugin: `baton enrich` for a model.
 * The model's markdown fills the marked sections of the newest open handoff (or of `id`)
 * as its claims; the handoff keeps its status and is signed again. A handoff this machine
 * did not sign is refused, and there is no force: a model alone never edits another
 * machine's handoff. Returns the answer the model reads.
 */
export async function enrichFromTool(input: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  dir?: string | undefined;
  args: EnrichToolArgs;
}): Promise<string> {
  const { args, env } = input;
  // Input first: sections without headings fail before anything is looked up.
  const { sections } = givenFromText(args.sections, "sections");
  const { git, store } = await openProject({
    cwd: input.cwd,
    env,
    now: input.now,
    dir: input.dir,
  });
  const id = args.id?.trim() || undefined;
  const entry = id === undefined ? await newestOpen(store, git.branch) : await store.get(id);
  const enriched = await enrichHandoff({
    store,
    id: entry.id,
    given: sections,
    replace: args.replace,
    signer: machineSigner(env),
    env,
    thorough: true,
  });
  const inside = relative(input.cwd, enriched.entry.path);
  const where = inside.startsWith("..") ? enriched.entry.path : inside;
  const lines = [
    `Handoff ${enriched.entry.id} enriched: ${where}`,
    `Filled: ${sectionHeadings(enriched.filled)}.`,
  ];
  if (enriched.kept.length > 0) {
    lines.push(
      `Left as they were (already filled; replace=true overwrites claims): ${sectionHeadings(enriched.kept)}.`,
    );
  }
  return lines.join("\n");
}
