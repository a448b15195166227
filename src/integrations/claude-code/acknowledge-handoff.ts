import { describeError } from "../../core/errors.ts";
import { locateRepo } from "../../git/locate-repo.ts";
import { resolveHandoffDir } from "../../store/resolve-handoff-dir.ts";
import type { HandoffHead } from "../../store/scan-handoffs.ts";
import { scanLiveHandoffs } from "../../store/scan-live-handoffs.ts";
import type { HookContext } from "./hook-context.ts";
import {
  claimFile,
  isLive,
  liveHandoffsFile,
  readCachedPrompt,
  readClaimMarker,
  updateClaimMarker,
} from "./hook-state.ts";
import { logHook } from "./log-hook.ts";
import type { HookInput } from "./read-hook-input.ts";

export type AcknowledgeEvent = "UserPromptSubmit" | "Stop";

/**
 * UserPromptSubmit and Stop: the receiving session proceeded, so a handoff it claimed
 * becomes `restored` and moves to the archive. "Proceeded" means a finished turn (Stop)
 * or a second prompt: the prompt that comes with the session's start (as in `claude -p`)
 * has not yet reached the model, and a handoff consumed then would be lost if that first
 * request failed. Claims made with `baton resume` or `/handoff-resume` during a turn are
 * acknowledged the same way.
 *
 * Stop also renders the missing cached prompts of open handoffs (those `/handoff` wrote
 * through `baton create`), so the next session start finds them ready.
 *
 * Cheap when there is nothing to do: the documents' frontmatter and the claim files are
 * read without the schema; the store is loaded only to change a document.
 */
export async function acknowledgeHandoff(
  event: AcknowledgeEvent,
  input: HookInput,
  context: HookContext,
): Promise<string[]> {
  const repo = locateRepo(input.cwd ?? context.cwd);
  const dir = resolveHandoffDir(repo.root, undefined, { ...context.env });
  const heads = scanLiveHandoffs(dir, liveHandoffsFile(context.env, dir));
  const now = context.now();
  const session = input.sessionId;
  const due: HandoffHead[] = [];
  if (session !== null) {
    for (const head of heads) {
      const marker = readClaimMarker(claimFile(context.env, head.path));
      const byMarker = marker !== null && marker.session === session && isLive(marker, now);
      const byDocument = head.status === "claimed" && head.claimSession === session;
      if (!byMarker && !byDocument) continue;
      if (event === "UserPromptSubmit" && byMarker && marker !== null && !marker.prompted) {
        updateClaimMarker(context.env, { ...marker, prompted: true });
        continue;
      }
      due.push(head);
    }
  }
  const restored: string[] = [];
  if (due.length > 0) {
    const { restoreClaimed } = await import("./restore-claimed.ts");
    restored.push(...(await restoreClaimed(dir, due, session as string, context)));
  }
  if (event === "Stop") {
    const uncached = heads.filter(
      (head) =>
        head.status === "open" &&
        !restored.includes(head.id) &&
        readCachedPrompt(context.env, head.path, head) === null,
    );
    if (uncached.length > 0) {
      const { cachePrompt } = await import("./cache-prompt.ts");
      for (const head of uncached) {
        try {
          cachePrompt(head.path, repo.root, context.env);
        } catch (error) {
          logHook(context, event, `cannot render ${head.path}: ${describeError(error)}`);
        }
      }
    }
  }
  return restored;
}
