import { relative } from "node:path";
import { locateRepo } from "../../git/locate-repo.ts";
import { DEFAULT_LEASE_MS } from "../../store/handoff-lifecycle.ts";
import { resolveHandoffDir } from "../../store/resolve-handoff-dir.ts";
import type { HandoffHead } from "../../store/scan-handoffs.ts";
import { scanLiveHandoffs } from "../../store/scan-live-handoffs.ts";
import type { HookContext } from "./hook-context.ts";
import { liveHandoffsFile, readCachedPrompt, takeClaimMarker } from "./hook-state.ts";
import type { HookInput } from "./read-hook-input.ts";

/** Claude Code caps a hook's output strings at 10,000 characters. */
export const MAX_CONTEXT_CHARS = 10_000;

/**
 * SessionStart. After a compaction (`source: compact`) it injects the handoff this
 * session's PreCompact hook just wrote. At startup, resume or clear it injects the newest
 * open handoff of this repository and branch left by another session, and claims it for
 * this one; the claim becomes `restored` only once this session proceeds (see
 * `acknowledgeHandoff`), never here.
 *
 * This path is budgeted at 150 ms for the whole process, so it reads the documents'
 * frontmatter and the prompt cached when they were written, and loads the schema and the
 * renderer only when a document has no cached prompt. Returns the hook's stdout, or null.
 */
export async function handleSessionStart(
  input: HookInput,
  context: HookContext,
): Promise<string | null> {
  const repo = locateRepo(input.cwd ?? context.cwd);
  const dir = resolveHandoffDir(repo.root, undefined, { ...context.env });
  const heads = scanLiveHandoffs(dir, liveHandoffsFile(context.env, dir));
  const now = context.now();
  const session = input.sessionId;

  if (input.source === "compact") {
    const own = heads.find(
      (head) =>
        head.sourceSession === session &&
        head.trigger === "compact" &&
        (head.status === "open" || head.status === "claimed"),
    );
    if (own === undefined || session === null) return null;
    const prompt = await promptOf(own, repo.root, context);
    const where = relative(repo.root, own.path);
    return output(`Handoff captured by baton just before this compaction (${where}):`, prompt);
  }

  for (const head of heads) {
    if (!isOpen(head, now) || head.branch !== repo.branch) continue;
    // A session resumed after its own compaction already holds what it handed off.
    if (session !== null && head.sourceSession === session) continue;
    // Rendered before the claim: a handoff that cannot be shown must not be taken.
    const prompt = await promptOf(head, repo.root, context);
    if (session !== null) {
      const taken = takeClaimMarker(
        context.env,
        {
          path: head.path,
          id: head.id,
          session,
          at: now.toISOString(),
          leaseUntil: new Date(now.getTime() + DEFAULT_LEASE_MS).toISOString(),
          prompted: false,
        },
        now,
      );
      if (!taken) continue;
      context.spawnWorker(["claim-handoff", JSON.stringify({ dir, id: head.id, session })]);
    }
    const where = relative(repo.root, head.path);
    const from = head.sourceSession === null ? "" : ` (session ${head.sourceSession})`;
    return output(
      `An open handoff from an earlier session${from} was found for this repository and branch (${where}). baton marked it claimed by this session; it is archived once this session has proceeded.`,
      prompt,
    );
  }
  return null;
}

/** Open, or claimed by a session whose lease ran out (the store treats that as open too). */
function isOpen(head: HandoffHead, now: Date): boolean {
  if (head.status === "open") return true;
  if (head.status !== "claimed") return false;
  const until = Date.parse(head.claimLeaseUntil ?? "");
  return Number.isFinite(until) && until <= now.getTime();
}

async function promptOf(head: HandoffHead, root: string, context: HookContext): Promise<string> {
  const cached = readCachedPrompt(context.env, head.path, head);
  if (cached !== null) return cached;
  // Written by `baton create` or by hand: render it now (slower, but only this once).
  const { cachePrompt } = await import("./cache-prompt.ts");
  return cachePrompt(head.path, root, context.env);
}

function output(lead: string, prompt: string): string {
  let context = `${lead}\n\n${prompt}`;
  if (context.length > MAX_CONTEXT_CHARS) {
    const notice = "\n[cut to fit the hook output limit; the full handoff is in the file above]";
    context = context.slice(0, MAX_CONTEXT_CHARS - notice.length) + notice;
  }
  return JSON.stringify({
    hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: context },
  });
}
