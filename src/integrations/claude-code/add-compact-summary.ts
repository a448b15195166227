import type { Fact } from "../../core/handoff.ts";
import { locateRepo } from "../../git/locate-repo.ts";
import { machineSigner } from "../../safety/machine-signer.ts";
import { openStore } from "../../store/open-store.ts";
import { scanLiveHandoffs } from "../../store/scan-live-handoffs.ts";
import { withTokens } from "../../summarize/with-tokens.ts";
import { cacheHandoffPrompt } from "./cache-prompt.ts";
import type { HookContext } from "./hook-context.ts";
import { liveHandoffsFile } from "./hook-state.ts";
import type { HookInput } from "./read-hook-input.ts";

/** Enough of Claude's summary to be a second opinion; the transcript keeps all of it. */
const MAX_SUMMARY_CHARS = 1500;
export const COMPACT_SUMMARY_LEAD = "Claude Code's own compaction summary:";

/**
 * PostCompact (Claude Code 2.1.197 sends it after SessionStart(compact), with
 * `compact_summary`): keeps Claude's summary in the handoff this compaction's PreCompact
 * wrote, as a claimed Current State note, and refreshes its cached prompt. Returns the
 * revised handoff's id, or null when this session has no live compaction handoff.
 */
export async function addCompactSummary(
  input: HookInput,
  context: HookContext,
): Promise<string | null> {
  const summary = input.compactSummary === null ? "" : condenseSummary(input.compactSummary);
  if (summary === "" || input.sessionId === null) return null;
  const repo = locateRepo(input.cwd ?? context.cwd);
  const store = openStore({
    root: repo.root,
    env: { ...context.env },
    now: context.now,
    signer: machineSigner(context.env),
  });
  const head = scanLiveHandoffs(store.dir, liveHandoffsFile(context.env, store.dir)).find(
    (candidate) =>
      candidate.sourceSession === input.sessionId &&
      candidate.trigger === "compact" &&
      (candidate.status === "open" || candidate.status === "claimed"),
  );
  if (head === undefined) return null;
  const note: Fact = { text: `${COMPACT_SUMMARY_LEAD} ${summary}`, provenance: "claimed" };
  const { handoff: revised, path } = await store.revise(head.id, (handoff) => {
    const currentState = [
      ...(handoff.sections.currentState ?? []).filter(
        (fact) => !fact.text.startsWith(COMPACT_SUMMARY_LEAD),
      ),
      note,
    ];
    // The note changes the document, so its recorded token counts are measured again.
    return {
      ...withTokens({ ...handoff, sections: { ...handoff.sections, currentState } }, handoff.id),
      id: handoff.id,
    };
  });
  cacheHandoffPrompt(revised, path, repo.root, context.env);
  return revised.id;
}

/** The `<summary>` part when there is one (the `<analysis>` part is the model's scratch), on one line. */
export function condenseSummary(text: string): string {
  const inner = /<summary>([\s\S]*?)(?:<\/summary>|$)/.exec(text)?.[1] ?? text;
  const flat = inner
    .replace(/<analysis>[\s\S]*?<\/analysis>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length <= MAX_SUMMARY_CHARS ? flat : `${flat.slice(0, MAX_SUMMARY_CHARS - 1)}…`;
}
