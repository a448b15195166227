import { join } from "node:path";
import { BatonError } from "../../core/errors.ts";
import { openStore } from "../../store/open-store.ts";
import type { HandoffHead } from "../../store/scan-handoffs.ts";
import { type HookContext, hookAgentId } from "./hook-context.ts";
import { removeHookState } from "./hook-state.ts";
import { logHook } from "./log-hook.ts";

/**
 * Marks handoffs claimed by `session` restored (which archives them). A document whose
 * claim the background worker has not written yet is claimed first, under the same lock,
 * so the archived file records who took it. Returns the ids restored.
 */
export async function restoreClaimed(
  dir: string,
  heads: readonly HandoffHead[],
  session: string,
  context: HookContext,
): Promise<string[]> {
  const store = openStore({ root: dir, dir, env: { ...context.env }, now: context.now });
  const restored: string[] = [];
  for (const head of heads) {
    try {
      if (!(head.status === "claimed" && head.claimSession === session)) {
        await store.claim(head.id, { session, agent: hookAgentId(context) });
      }
      await store.markRestored(head.id);
      restored.push(head.id);
    } catch (error) {
      if (!BatonError.is(error)) throw error;
      logHook(context, "restore", `could not restore ${head.id} for ${session}: ${error.message}`);
    } finally {
      removeHookState(context.env, head.path);
    }
  }
  return restored;
}

/**
 * The background half of a SessionStart claim: writes the claim into the document. If the
 * session already restored it (a short turn can beat this worker), there is nothing left
 * to do; if another session took it first, this session's claim marker is dropped so its
 * next turn does not archive someone else's handoff.
 */
export async function claimInBackground(
  request: { dir: string; id: string; session: string },
  context: HookContext,
): Promise<void> {
  const store = openStore({
    root: request.dir,
    dir: request.dir,
    env: { ...context.env },
    now: context.now,
  });
  try {
    await store.claim(request.id, { session: request.session, agent: hookAgentId(context) });
  } catch (error) {
    if (!BatonError.is(error) || error.code !== "conflict") throw error;
    const current = await store.get(request.id);
    if (current.handoff.claim?.session === request.session) return;
    removeHookState(context.env, join(request.dir, `${request.id}.md`));
    throw error;
  }
}
