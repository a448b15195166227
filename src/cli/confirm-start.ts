import { confirm, isCancel } from "@clack/prompts";
import { BatonError } from "../core/errors.ts";
import { type CliIo, canPrompt } from "./cli-io.ts";
import { dim, say } from "./output.ts";

export interface StartReview {
  /** The agent that would start, as the person knows it ("Claude Code"). */
  agent: string;
  /** The handoff it starts on (or, before it is written, about which id it gets). */
  handoff: string;
  /** What the agent gets as its first message; null when it resumes its own session. */
  prompt: string | null;
}

/**
 * The review step before `baton continue` writes, claims or starts anything: on a terminal
 * the draft the next agent starts with is shown, and the person answers "Start … ? [Y/n]"
 * (Enter or y starts, n, Escape or Ctrl-C cancels). Not on a terminal, or with `--yes`,
 * it goes on without asking, as scripts expect. A cancel is an error of code `cancelled`
 * (exit 130), thrown before anything was written.
 */
export async function confirmStart(io: CliIo, review: StartReview, yes: boolean): Promise<void> {
  if (yes || !canPrompt(io)) return;
  say(io, dim(io, `── the handoff ${review.handoff}, as ${review.agent} starts with it ──`));
  say(io, review.prompt ?? `(no prompt: ${review.agent} resumes its own session of this handoff)`);
  say(io, dim(io, "──"));
  const answer = await confirm({
    message: `Start ${review.agent} with this handoff?`,
    initialValue: true,
    input: io.stdin,
    output: io.stderr,
  });
  if (isCancel(answer) || answer !== true) {
    throw new BatonError("cancelled", "cancelled: nothing was written, claimed or started");
  }
}
