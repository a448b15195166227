import { describeError } from "../../core/errors.ts";
import { markedHeadingsOf } from "../../summarize/enrich-handoff.ts";
import { enrichRequest } from "../enrich-request.ts";
import { captureOpenCodeHandoff } from "./capture-opencode-handoff.ts";
import { logPlugin } from "./log-plugin.ts";
import type { PluginContext } from "./plugin-context.ts";

/** How long a compaction waits for the capture; past it, compaction goes on without it. */
export const CAPTURE_BUDGET_MS = 10_000;

/** What OpenCode itself says to carry on after an automatic compaction. */
export const CONTINUE_TEXT =
  "Continue if you have next steps, or stop and ask for clarification if you are unsure how to proceed.";

/**
 * `experimental.session.compacting`: a handoff of the session as it stands (trigger
 * `compact`), and its continuation prompt added to what the compaction must keep. Best
 * effort: a slow capture is left to finish on its own, a failed one is logged, and
 * neither delays or fails the compaction beyond the budget.
 */
export async function captureBeforeCompaction(
  context: PluginContext,
  sessionId: string,
  output: { context: string[] },
  budgetMs = CAPTURE_BUDGET_MS,
): Promise<void> {
  const capture = captureOpenCodeHandoff({
    client: context.client,
    directory: context.directory,
    sessionId,
    trigger: "compact",
    env: context.env,
  }).then(
    (captured) => {
      // After the compaction the agent is also asked to fill what the capture could not.
      const ask = enrichRequest(captured.handoff.id, markedHeadingsOf(captured.handoff), "tool");
      const restored = ask === null ? captured.prompt : `${captured.prompt}\n\n${ask}`;
      context.compactPrompts.set(sessionId, restored);
      logPlugin(context.env, "compacting", `${sessionId}: wrote ${captured.path}`);
      return captured.prompt;
    },
    (error: unknown) => {
      logPlugin(context.env, "compacting", `${sessionId}: no handoff: ${describeError(error)}`);
      return null;
    },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), budgetMs);
  });
  const prompt = await Promise.race([capture, late]);
  clearTimeout(timer);
  if (prompt === null) return;
  output.context.push(
    `baton wrote a handoff of this session before compaction; keep what it says:\n\n${prompt}`,
  );
}

/**
 * `session.compacted`: the continuation prompt goes back into the session without asking
 * for a reply; then the "continue" turn OpenCode would have run (see the autocontinue
 * hook), or a relay the `session` tool queued for this compaction: a note of which
 * agent answers, and its text.
 */
export async function restoreAfterCompaction(
  context: PluginContext,
  sessionId: string,
): Promise<void> {
  const { client, directory } = context;
  const query = { directory };
  const prompt = context.compactPrompts.get(sessionId);
  context.compactPrompts.delete(sessionId);
  if (prompt !== undefined) {
    const injected = await client.session.prompt({
      path: { id: sessionId },
      query,
      body: { noReply: true, parts: [{ type: "text", text: prompt }] },
    });
    if (injected.error !== undefined) {
      logPlugin(context.env, "compacted", `${sessionId}: could not re-inject the handoff`);
    }
  }
  const resume = context.continueAfterCompaction.get(sessionId);
  context.continueAfterCompaction.delete(sessionId);
  if (resume !== undefined) {
    await client.session.promptAsync({
      path: { id: sessionId },
      query,
      body: {
        agent: resume.agent,
        model: resume.model,
        parts: [{ type: "text", text: CONTINUE_TEXT }],
      },
    });
  }
  const relay = context.relays.takeAfterCompaction(sessionId);
  if (relay !== undefined) {
    await client.session.prompt({
      path: { id: sessionId },
      query,
      body: {
        noReply: true,
        agent: relay.agent,
        parts: [{ type: "text", text: `[Compacting session — ${relay.agent} will respond]` }],
      },
    });
    await client.session.promptAsync({
      path: { id: sessionId },
      query,
      body: { agent: relay.agent, parts: [{ type: "text", text: relay.text }] },
    });
  }
}
