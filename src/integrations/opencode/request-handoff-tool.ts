import { z } from "zod";
import { describeError } from "../../core/errors.ts";
import { defineTool } from "./baton-tool.ts";
import { logPlugin } from "./log-plugin.ts";
import type { PluginContext } from "./plugin-context.ts";

/** What the person sends to confirm: the installed command that runs `session_handoff`. */
export const HANDOFF_COMMAND = "/session-handoff";

const ARGS = {
  reason: z
    .string()
    .min(1)
    .max(500)
    .describe("Why a handoff now, in one sentence (for example: the context is nearly full)."),
};

/**
 * seed 003's non-mutating handoff request: the model may sense that its context is
 * saturating, but the person owns the switch. The tool only puts `/session-handoff` in
 * the prompt box with a toast saying why; sending it runs the reviewed handoff, clearing
 * it cancels. No session, no document, no prompt: nothing to undo if the person declines.
 */
export function requestHandoffTool(context: PluginContext) {
  return defineTool({
    description:
      "Ask the user for a handoff to a new session, without doing it: use this when your context " +
      "is nearly full, or before the work switches to something the next session should start " +
      "fresh on. It changes nothing; it proposes /session-handoff to the user with your reason. " +
      "After calling it, stop working and wait for the user.",
    args: ARGS,
    async execute(args) {
      const reason = args.reason.trim();
      const { client, directory, env } = context;
      // Best effort: with no TUI attached (`opencode serve`, another client) these may fail,
      // and the request still stands in the tool result the model reads.
      const attempt = async (step: string, call: () => Promise<{ error?: unknown }>) => {
        try {
          const result = await call();
          if (result.error !== undefined) {
            logPlugin(env, "request_handoff", `${step} failed: ${JSON.stringify(result.error)}`);
          }
        } catch (error) {
          logPlugin(env, "request_handoff", `${step} failed: ${describeError(error)}`);
        }
      };
      await attempt("tui.showToast", () =>
        client.tui.showToast({
          query: { directory },
          body: {
            title: "Handoff requested",
            message: `The model asks for a handoff: ${reason} — press Enter to review it with ${HANDOFF_COMMAND}`,
            variant: "info",
          },
        }),
      );
      await attempt("tui.appendPrompt", () =>
        client.tui.appendPrompt({ query: { directory }, body: { text: HANDOFF_COMMAND } }),
      );
      return JSON.stringify({
        status: "handoff-requested",
        reason,
        next: "The user decides; stop working and wait for them.",
      });
    },
  });
}
