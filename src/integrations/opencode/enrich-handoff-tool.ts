import { describeError } from "../../core/errors.ts";
import { redactTextFast } from "../../safety/redact-text.ts";
import { enrichFromTool } from "../enrich-from-tool.ts";
import { ENRICH_TOOL_ARGS, ENRICH_TOOL_DESCRIPTION } from "../enrich-tool-args.ts";
import { defineTool } from "./baton-tool.ts";
import type { PluginContext } from "./plugin-context.ts";

/**
 * `baton enrich` as an OpenCode tool: after a compaction the re-injected prompt asks the
 * model to fill the sections the capture left marked (seed 004); see `enrichFromTool`.
 */
export function enrichHandoffTool(context: PluginContext) {
  return defineTool({
    description: ENRICH_TOOL_DESCRIPTION,
    args: ENRICH_TOOL_ARGS,
    async execute(args) {
      const { directory, env } = context;
      try {
        return await enrichFromTool({ cwd: directory, env, now: () => new Date(), args });
      } catch (error) {
        // The message may quote the input: it passes redaction like everything baton says.
        throw new Error(redactTextFast(`baton: ${describeError(error)}`, { env }).text);
      }
    },
  });
}
