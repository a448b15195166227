import { z } from "zod";

// Models sometimes send one string where a list is asked for; both are taken. No zod
// transforms: OpenCode turns `args` into JSON Schema, which cannot express them.
const list = z.union([z.string(), z.array(z.string())]).optional();

/**
 * seed 000's `session_handoff` arguments, as the OpenCode plugin and the MCP server both
 * declare them: the model's summary and sections, and `preview`, which writes nothing.
 */
export const SESSION_HANDOFF_ARGS = {
  summary: z
    .string()
    .min(1)
    .max(2000)
    .describe("Where the work stands, in 1-3 sentences: what is done, what is in progress."),
  goal: z.string().optional().describe("The goal of the work, if the summary does not say it."),
  next_steps: list.describe("The next steps, in order."),
  blocked: z.string().optional().describe("What is blocked, and on what."),
  key_decisions: list.describe("Decisions the next session must keep, each with its reason."),
  files: list.describe("Files the next session should read first."),
};

/** `preview`'s description names what a call without it would do. */
export function previewArg(effect: string) {
  return z
    .boolean()
    .optional()
    .describe(
      `true: only draft the handoff and return ${effect}, so the user can review it first.`,
    );
}

/**
 * What the model is told to do with a preview: show it, ask `question`, and call again
 * without `preview` only on the user's yes.
 */
export function reviewRequest(nothingDone: string, question: string): string {
  return [
    `${nothingDone} Show the user this draft in your reply and ask:`,
    `"${question}" Then stop and wait. If the user confirms, call session_handoff again`,
    "with the same arguments (or as the user corrected them) and without preview; if they",
    "cancel, do nothing more.",
  ].join("\n");
}
