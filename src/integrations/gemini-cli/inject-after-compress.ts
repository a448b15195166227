import { closeSync, openSync } from "node:fs";
import { join, relative } from "node:path";
import { describeError } from "../../core/errors.ts";
import { locateRepo } from "../../git/locate-repo.ts";
import type { TrustSet } from "../../safety/trust-store.ts";
import { makeFoldersSync } from "../../store/make-folders.ts";
import { resolveHandoffDir } from "../../store/resolve-handoff-dir.ts";
import { scanLiveHandoffs } from "../../store/scan-live-handoffs.ts";
import { sharedRoot } from "../../store/shared-root.ts";
import { batonStateDir } from "../baton-state-dir.ts";
import type { HookContext } from "../claude-code/hook-context.ts";
import { keyOf, liveHandoffsFile } from "../claude-code/hook-state.ts";
import { logHook } from "../claude-code/log-hook.ts";
import type { HookInput } from "../claude-code/read-hook-input.ts";
import { gatedPromptOf } from "../claude-code/session-start-hook.ts";
import { compactedContext } from "../compacted-context.ts";
import { unverifiedNotice } from "../unverified-notice.ts";

/**
 * BeforeAgent: the handoff this session's PreCompress hook captured, given to the model
 * once, with the first prompt after the compression. Gemini CLI 0.61.0 fires no event after
 * a compression (its SessionStart has no compress source), so the next prompt is the first
 * place the handoff can reach the model; BeforeAgent's additionalContext is added to that
 * prompt. The same trust gate as at session start: an unverified document gets a notice.
 * Returns the context to add, or null.
 */
export async function contextAfterCompress(
  input: HookInput,
  context: HookContext,
): Promise<string | null> {
  const session = input.sessionId;
  if (session === null) return null;
  const repo = locateRepo(input.cwd ?? context.cwd);
  const dir = resolveHandoffDir(repo.root, undefined, { ...context.env });
  const own = scanLiveHandoffs(dir, liveHandoffsFile(context.env, dir)).find(
    (head) =>
      head.sourceSession === session &&
      head.trigger === "compact" &&
      (head.status === "open" || head.status === "claimed"),
  );
  if (own === undefined || !markGiven(context, own.path, session)) return null;
  let trust: TrustSet | null = null;
  try {
    const { readTrustSet } = await import("../../safety/trust-store.ts");
    trust = readTrustSet(context.env, sharedRoot(repo.root));
  } catch (error) {
    logHook(context, "BeforeAgent", describeError(error));
  }
  const gated = await gatedPromptOf(own, repo.root, trust, context);
  if (!gated.trusted) return unverifiedNotice(own.path, gated.why);
  const lead = `Handoff captured by baton when this session's history was compressed (${relative(repo.root, own.path)}):`;
  return compactedContext(own.id, lead, gated, context.env);
}

/**
 * Records, with an exclusive create, that the session was given the handoff; false when it
 * already was (each later prompt would otherwise repeat it).
 */
function markGiven(context: HookContext, documentPath: string, session: string): boolean {
  const dir = join(batonStateDir(context.env), "gemini-cli", "given");
  makeFoldersSync(dir);
  try {
    closeSync(openSync(join(dir, `${keyOf(`${documentPath}\n${session}`)}`), "wx"));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}
