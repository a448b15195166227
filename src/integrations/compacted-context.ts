import { markedHeadings } from "../core/enrich-markers.ts";
import type { Env } from "./baton-state-dir.ts";
import { shellQuote } from "./claude-code/hook-command-line.ts";
import type { GatedPrompt } from "./claude-code/session-start-hook.ts";
import { enrichRequest } from "./enrich-request.ts";
import { findOnPath } from "./find-on-path.ts";

/** Claude Code caps a hook's output strings at 10,000 characters; the other agents' hooks
 * are held to the same. */
export const MAX_CONTEXT_CHARS = 10_000;

/**
 * What an agent's model gets back after its own compaction (Claude Code's and Codex's
 * SessionStart, Copilot CLI's and Gemini CLI's next prompt): the lead naming the handoff,
 * its trusted prompt and, when the capture left sections marked, the request to fill them
 * with `baton enrich`. Only the prompt is cut to fit the hooks' output limit.
 */
export async function compactedContext(
  handoffId: string,
  lead: string,
  gated: GatedPrompt,
  env: Env,
): Promise<string> {
  const headings = markedHeadings(gated.document);
  const ask =
    headings.length === 0
      ? null
      : enrichRequest(handoffId, headings, { command: await batonCommandLine(env) });
  return fitContext(lead, gated.text, ask);
}

/** The lead, the prompt and a closing request; only the prompt is cut to fit the limit. */
export function fitContext(lead: string, prompt: string, tail: string | null): string {
  const end = tail === null ? "" : `\n\n${tail}`;
  let context = `${lead}\n\n${prompt}`;
  if (context.length + end.length > MAX_CONTEXT_CHARS) {
    const notice = "\n[cut to fit the hook output limit; the full handoff is in the file above]";
    context = context.slice(0, MAX_CONTEXT_CHARS - end.length - notice.length) + notice;
  }
  return context + end;
}

/**
 * How the agent's shell runs this baton: `baton` when it is on PATH, else this node and
 * this copy's CLI by absolute path (hooks installed from a clone need no `baton` on PATH).
 */
async function batonCommandLine(env: Env): Promise<string> {
  if ((await findOnPath("baton", env)) !== null) return "baton";
  const { batonEntryPath } = await import("./baton-entry.ts");
  return `${shellQuote(process.execPath)} ${shellQuote(batonEntryPath())}`;
}
