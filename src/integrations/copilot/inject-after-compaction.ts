import { createHash } from "node:crypto";
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describeError } from "../../core/errors.ts";
import { locateRepo } from "../../git/locate-repo.ts";
import { makeFoldersSync } from "../../store/make-folders.ts";
import { resolveHandoffDir } from "../../store/resolve-handoff-dir.ts";
import { scanLiveHandoffs } from "../../store/scan-live-handoffs.ts";
import { sharedRoot } from "../../store/shared-root.ts";
import { batonStateDir, type Env } from "../baton-state-dir.ts";
import type { HookContext } from "../claude-code/hook-context.ts";
import { liveHandoffsFile } from "../claude-code/hook-state.ts";
import { logHook } from "../claude-code/log-hook.ts";
import type { HookInput } from "../claude-code/read-hook-input.ts";
import { gatedPromptOf } from "../claude-code/session-start-hook.ts";
import { compactedContext, MAX_CONTEXT_CHARS } from "../compacted-context.ts";
import { unverifiedNotice } from "../unverified-notice.ts";

/**
 * Copilot CLI runs no hook after a compaction (1.0.102: preCompact "cannot block it", and
 * nothing follows), so the handoff preCompact captured is given to the model with the
 * session's next prompt: preCompact leaves a mark for the session, and the next
 * userPromptSubmitted takes it (once) and answers with the session's newest live handoff
 * as `additionalContext`. Until that prompt the model works from Copilot's own summary.
 */
function markFile(env: Env, session: string): string {
  const key = createHash("sha256").update(session).digest("hex").slice(0, 32);
  return join(batonStateDir(env), "copilot", "compacted", `${key}.json`);
}

export function markCompacted(env: Env, session: string, at: Date): void {
  const file = markFile(env, session);
  makeFoldersSync(dirname(file));
  writeFileSync(file, JSON.stringify({ session, at: at.toISOString() }));
}

/** Takes the session's mark: true for exactly one caller after a compaction. */
function takeMark(env: Env, session: string): boolean {
  const file = markFile(env, session);
  try {
    const mark = JSON.parse(readFileSync(file, "utf8")) as { session?: unknown };
    unlinkSync(file);
    return mark.session === session;
  } catch {
    return false;
  }
}

/**
 * The answer to the first prompt after this session's compaction: its newest open or
 * claimed handoff, through the same trust gate as a session start; null when the session
 * was not compacted since its last prompt, or left no live handoff.
 */
export async function injectAfterCompaction(
  input: HookInput,
  context: HookContext,
): Promise<string | null> {
  const session = input.sessionId;
  if (session === null || !takeMark(context.env, session)) return null;
  const repo = locateRepo(input.cwd ?? context.cwd);
  const dir = resolveHandoffDir(repo.root, undefined, { ...context.env });
  // Newest first: a capture at the turn's end supersedes the one before the compaction.
  const own = scanLiveHandoffs(dir, liveHandoffsFile(context.env, dir)).find(
    (head) =>
      head.sourceSession === session && (head.status === "open" || head.status === "claimed"),
  );
  if (own === undefined) return null;
  let trust: import("../../safety/trust-store.ts").TrustSet | null = null;
  try {
    const { readTrustSet } = await import("../../safety/trust-store.ts");
    trust = readTrustSet(context.env, sharedRoot(repo.root));
  } catch (error) {
    logHook(context, "userPromptSubmitted", describeError(error));
  }
  const gated = await gatedPromptOf(own, repo.root, trust, context);
  if (!gated.trusted) return copilotAnswer(unverifiedNotice(own.path, gated.why));
  const lead = `Handoff captured by baton just before this session's compaction (${relative(repo.root, own.path)}):`;
  return copilotAnswer(await compactedContext(own.id, lead, gated, context.env));
}

/** Copilot's answer to sessionStart and userPromptSubmitted: a top-level `additionalContext`. */
export function copilotAnswer(context: string): string {
  let text = context;
  if (text.length > MAX_CONTEXT_CHARS) {
    const notice = "\n[cut to fit the hook output limit; the full handoff is in the file above]";
    text = text.slice(0, MAX_CONTEXT_CHARS - notice.length) + notice;
  }
  return JSON.stringify({ additionalContext: text });
}
