import type { Hooks } from "@opencode-ai/plugin";
import { describeError } from "../../core/errors.ts";
import { logPlugin } from "./log-plugin.ts";
import type { PluginContext } from "./plugin-context.ts";
import { startHandoff } from "./start-handoff.ts";

/** What `chat.message` may change: the user's message and its parts. */
type MessageOutput = Parameters<NonNullable<Hooks["chat.message"]>>[1];

/** How long a session's first message may wait for the handoff; past it, it goes on without. */
export const START_BUDGET_MS = 5_000;

/**
 * `chat.message` for the first message this OpenCode process sees in a session: the
 * handoff waiting for this repository and branch (or the notice of an unverified one) is
 * added to the message as a synthetic part, which the model reads and the TUI does not
 * show. Sessions baton starts itself (`session_handoff`, the `session` tool) and subagent
 * sessions are left alone; so is every later message.
 */
export async function injectAtStart(
  context: PluginContext,
  sessionId: string,
  output: MessageOutput,
  budgetMs = START_BUDGET_MS,
): Promise<void> {
  if (context.startHandled.has(sessionId)) return;
  context.startHandled.add(sessionId);
  const session = await context.client.session.get({
    path: { id: sessionId },
    query: { directory: context.directory },
  });
  if (session.data?.parentID !== undefined) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), budgetMs);
  });
  const found = await Promise.race([startHandoff(context, sessionId), late]).finally(() =>
    clearTimeout(timer),
  );
  if (found === null) return;
  if (found === "late") {
    logPlugin(context.env, "start", `${sessionId}: no handoff given: it took over ${budgetMs} ms`);
    return;
  }
  if (found.kind === "handoff") {
    context.pendingRestores.set(sessionId, {
      root: found.root,
      dir: found.dir,
      handoffId: found.handoffId,
    });
    logPlugin(context.env, "start", `${sessionId}: gave it handoff ${found.handoffId}`);
  }
  const last = output.parts.at(-1);
  output.parts.push({
    // Parts are ordered by id: this one sorts right after the user's own.
    id: `${last?.id ?? `prt_${Date.now().toString(16)}`}0baton`,
    sessionID: sessionId,
    messageID: output.message.id,
    type: "text",
    text: found.text,
    synthetic: true,
  });
}

/** The hook itself: never fails the message it runs on. */
export async function injectAtStartSafely(
  context: PluginContext,
  sessionId: string,
  output: MessageOutput,
): Promise<void> {
  try {
    await injectAtStart(context, sessionId, output);
  } catch (error) {
    logPlugin(context.env, "start", `${sessionId}: ${describeError(error)}`);
  }
}
