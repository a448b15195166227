import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describeError } from "../../core/errors.ts";
import { parseDocument } from "../../core/parse-document.ts";
import { renderPrompt } from "../../core/render-prompt.ts";
import { locateRepo } from "../../git/locate-repo.ts";
import { redactTextFast } from "../../safety/redact-text.ts";
import { judgeHandoff, readTrustSet, type TrustSet } from "../../safety/trust-store.ts";
import { openStore } from "../../store/open-store.ts";
import { resolveHandoffDir } from "../../store/resolve-handoff-dir.ts";
import { type HandoffHead, isOpenHead } from "../../store/scan-handoffs.ts";
import { scanLiveHandoffs } from "../../store/scan-live-handoffs.ts";
import { sharedRoot } from "../../store/shared-root.ts";
import { openHandoffLead } from "../handoff-leads.ts";
import { unverifiedNotice } from "../unverified-notice.ts";
import { logPlugin } from "./log-plugin.ts";
import type { PluginContext } from "./plugin-context.ts";

/** What a new session starts with: a claimed handoff's prompt, or the one-line notice. */
export type StartText =
  | { kind: "handoff"; text: string; root: string; dir: string; handoffId: string }
  | { kind: "notice"; text: string };

/**
 * The handoff a new OpenCode session of this repository and branch starts with: the newest
 * open one left by another session, claimed for this one (it becomes `restored` once the
 * session has answered). As in the Claude Code and Codex SessionStart hooks, only a handoff
 * whose signature verifies against a trusted key is given; for any other the session gets
 * one line saying an unverified handoff waits, and how a person reviews it. The text is
 * redacted; null when nothing waits.
 */
export async function startHandoff(
  context: PluginContext,
  sessionId: string,
  now = new Date(),
): Promise<StartText | null> {
  const repo = locateRepo(context.directory);
  const env = { ...context.env };
  const dir = resolveHandoffDir(repo.root, undefined, env);
  const live = scanLiveHandoffs(dir, null);
  await restoreClaimedBy(live, sessionId, { root: repo.root, dir, env }, context);
  const heads = live.filter(
    (head) =>
      isOpenHead(head, now) && head.branch === repo.branch && head.sourceSession !== sessionId,
  );
  if (heads.length === 0) return null;
  let trust: TrustSet | null;
  try {
    trust = readTrustSet(env, sharedRoot(repo.root));
  } catch (error) {
    // A signing key others can read is refused: nothing is trusted until it is fixed.
    logPlugin(context.env, "start", describeError(error));
    trust = null;
  }
  const store = openStore({ root: repo.root, dir, env });
  let notice: string | null = null;
  for (const head of heads) {
    let handoff: ReturnType<typeof parseDocument>;
    try {
      handoff = parseDocument(readFileSync(head.path, "utf8"), { path: head.path });
    } catch (error) {
      logPlugin(context.env, "start", `cannot read ${head.path}: ${describeError(error)}`);
      continue;
    }
    const verdict =
      trust === null
        ? { trusted: false, signer: "the trust lists could not be read" }
        : judgeHandoff(handoff, trust);
    if (!verdict.trusted) {
      notice ??= unverifiedNotice(head.path, verdict.signer);
      continue;
    }
    try {
      await store.claim(head.id, { session: sessionId, agent: "opencode" });
    } catch (error) {
      // Claimed by another session a moment ago, or changed: the next one is tried.
      logPlugin(context.env, "start", `could not claim ${head.id}: ${describeError(error)}`);
      continue;
    }
    const where = relative(repo.root, head.path);
    const prompt = renderPrompt(handoff, { documentPath: where }).text;
    const text = `${openHandoffLead(where, head.sourceSession)}\n\n${prompt}`;
    return {
      kind: "handoff",
      text: redactTextFast(text, { env }).text,
      root: repo.root,
      dir,
      handoffId: head.id,
    };
  }
  return notice === null ? null : { kind: "notice", text: notice };
}

/**
 * A handoff this session claimed in an earlier run (`opencode run` exits before the idle
 * event that would acknowledge it) is taken now: the session is back with another message,
 * so it proceeded.
 */
async function restoreClaimedBy(
  heads: HandoffHead[],
  sessionId: string,
  where: { root: string; dir: string; env: NodeJS.ProcessEnv },
  context: PluginContext,
): Promise<void> {
  const mine = heads.filter((head) => head.status === "claimed" && head.claimSession === sessionId);
  if (mine.length === 0) return;
  const store = openStore(where);
  for (const head of mine) {
    await store.markRestored(head.id, { session: sessionId }).catch((error: unknown) => {
      logPlugin(
        context.env,
        "start",
        `could not mark ${head.id} restored: ${describeError(error)}`,
      );
    });
  }
}
