import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describeError } from "../../core/errors.ts";
import { locateRepo } from "../../git/locate-repo.ts";
import type { TrustSet } from "../../safety/trust-store.ts";
import { DEFAULT_LEASE_MS } from "../../store/handoff-lifecycle.ts";
import { resolveHandoffDir } from "../../store/resolve-handoff-dir.ts";
import { type HandoffHead, isOpenHead } from "../../store/scan-handoffs.ts";
import { scanLiveHandoffs } from "../../store/scan-live-handoffs.ts";
import { sharedRoot } from "../../store/shared-root.ts";
import { compactedContext, fitContext } from "../compacted-context.ts";
import { COMPACT_HANDOFF_LEAD, openHandoffLead } from "../handoff-leads.ts";
import { unverifiedNotice } from "../unverified-notice.ts";
import type { HookContext } from "./hook-context.ts";
import {
  type CachedSignature,
  hashText,
  liveHandoffsFile,
  readCachedEntry,
  takeClaimMarker,
} from "./hook-state.ts";
import { logHook } from "./log-hook.ts";
import type { HookInput } from "./read-hook-input.ts";

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
 *
 * Only a handoff whose signature verifies against a trusted key (this machine's, or one the
 * user or the accepted repository list names) is injected or claimed; for any other the
 * session gets one line saying an unverified handoff waits, and how a person reviews it.
 */
export async function handleSessionStart(
  input: HookInput,
  context: HookContext,
): Promise<string | null> {
  const repo = locateRepo(input.cwd ?? context.cwd);
  const dir = resolveHandoffDir(repo.root, undefined, { ...context.env });
  const heads = scanLiveHandoffs(dir, liveHandoffsFile(context.env, dir));
  const now = context.now();
  let trustSet: TrustSet | null | undefined;
  // Loaded only when there is a handoff to judge: most session starts have none.
  const trust = async (): Promise<TrustSet | null> => {
    if (trustSet !== undefined) return trustSet;
    try {
      const { readTrustSet } = await import("../../safety/trust-store.ts");
      trustSet = readTrustSet(context.env, sharedRoot(repo.root));
    } catch (error) {
      // A signing key others can read is refused: nothing is trusted until it is fixed.
      logHook(context, "SessionStart", describeError(error));
      trustSet = null;
    }
    return trustSet;
  };
  const session = input.sessionId;

  if (input.source === "compact") {
    const own = heads.find(
      (head) =>
        head.sourceSession === session &&
        head.trigger === "compact" &&
        (head.status === "open" || head.status === "claimed"),
    );
    if (own === undefined || session === null) return null;
    const gated = await gatedPromptOf(own, repo.root, await trust(), context);
    if (!gated.trusted) return notice(unverifiedNotice(own.path, gated.why));
    const where = relative(repo.root, own.path);
    // Sections the capture could not fill: the agent still holds some of what they need.
    const lead = `${COMPACT_HANDOFF_LEAD} (${where}):`;
    return answer(await compactedContext(own.id, lead, gated, context.env));
  }

  let unverified: string | null = null;

  for (const head of heads) {
    if (!isOpenHead(head, now) || head.branch !== repo.branch) continue;
    // A session resumed after its own compaction already holds what it handed off.
    if (session !== null && head.sourceSession === session) continue;
    // Rendered and checked before the claim: a handoff that cannot be shown must not be taken.
    let gated: GatedPrompt;
    try {
      gated = await gatedPromptOf(head, repo.root, await trust(), context);
    } catch (error) {
      // A broken document is neither injected nor claimed; the log names it.
      logHook(context, "SessionStart", `cannot render ${head.path}: ${describeError(error)}`);
      continue;
    }
    if (!gated.trusted) {
      unverified ??= unverifiedNotice(head.path, gated.why);
      continue;
    }
    const prompt = gated.text;
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
    const lead = openHandoffLead(relative(repo.root, head.path), head.sourceSession);
    return answer(fitContext(lead, prompt, null));
  }
  return unverified === null ? null : notice(unverified);
}

export interface GatedPrompt {
  text: string;
  /** The document as read. */
  document: string;
  trusted: boolean;
  /** Why it is not trusted, for the notice: "not signed", "signed by an unknown key". */
  why: string;
}

/**
 * The prompt of a handoff and whether its signer is trusted. The signature is checked once
 * per content (by hash) and cached with the prompt; trust is decided now, against the lists
 * as they are. `trust` is null when the trust lists cannot be read: nothing is trusted.
 */
export async function gatedPromptOf(
  head: HandoffHead,
  root: string,
  trust: TrustSet | null,
  context: HookContext,
): Promise<GatedPrompt> {
  const text = readFileSync(head.path, "utf8");
  const cached = readCachedEntry(context.env, head.path, hashText(text));
  // Written by `baton create`, pulled or edited: render and check it now (slower, but only this once).
  const rendered =
    cached ??
    (await import("./cache-prompt.ts")).cachePromptText(head.path, text, root, context.env);
  const { judgeFingerprint } = await import("../../safety/trust-store.ts");
  return {
    text: rendered.text,
    document: text,
    ...judge(rendered.signature, trust, judgeFingerprint),
  };
}

function judge(
  signature: CachedSignature,
  trust: TrustSet | null,
  judgeFingerprint: typeof import("../../safety/trust-store.ts").judgeFingerprint,
): { trusted: boolean; why: string } {
  if (signature.state === "unsigned") return { trusted: false, why: "not signed" };
  if (signature.state === "broken") return { trusted: false, why: "changed after it was signed" };
  if (trust === null || signature.fingerprint === null) {
    return { trusted: false, why: "the trust lists could not be read" };
  }
  const verdict = judgeFingerprint(signature.fingerprint, trust);
  return {
    trusted: verdict.trusted,
    why: `signed by a key not trusted here (${signature.fingerprint})`,
  };
}

function notice(line: string): string {
  return JSON.stringify({
    hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: line },
  });
}

/** The SessionStart answer that adds `context` to the session. */
function answer(context: string): string {
  return JSON.stringify({
    hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: context },
  });
}
