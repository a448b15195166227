import type { Hooks, Plugin, PluginModule, ToolDefinition } from "@opencode-ai/plugin";
import { describeError } from "../../core/errors.ts";
import { openStore } from "../../store/open-store.ts";
import { captureBeforeCompaction, restoreAfterCompaction } from "./compaction-hooks.ts";
import { deliverRelay } from "./deliver-relay.ts";
import { enrichHandoffTool } from "./enrich-handoff-tool.ts";
import { injectAtStartSafely } from "./inject-at-start.ts";
import { logPlugin } from "./log-plugin.ts";
import type { PluginContext } from "./plugin-context.ts";
import { readSessionTool } from "./read-session-tool.ts";
import { RelayQueue } from "./relay-queue.ts";
import { requestHandoffTool } from "./request-handoff-tool.ts";
import { sessionHandoffTool } from "./session-handoff-tool.ts";
import { sessionTool } from "./session-tool.ts";

/**
 * baton's OpenCode plugin (`agent-baton/opencode`): the `session_handoff`, `request_handoff`, `enrich_handoff`,
 * `read_session` and `session` tools, the waiting handoff at a session's first message (only
 * when a trusted key signed it), a handoff before every compaction and its continuation
 * prompt after it. Nothing here may break OpenCode: event work runs detached from the event
 * bus, and every failure ends in the log (`$XDG_STATE_HOME/baton/opencode.log`).
 *
 * Only the default export: OpenCode would also run every exported function as a plugin
 * of its older form, which would register everything twice.
 */
const BatonPlugin: Plugin = async (input) => {
  const context: PluginContext = {
    client: input.client,
    directory: input.directory,
    env: process.env,
    relays: new RelayQueue(),
    compactPrompts: new Map(),
    pendingRestores: new Map(),
    continueAfterCompaction: new Map(),
    startHandled: new Set(),
  };
  const detached = (step: string, work: () => Promise<void>) => {
    work().catch((error: unknown) => logPlugin(context.env, step, describeError(error)));
  };
  // Our tools are typed against our own zod 4; OpenCode accepts any zod 4 shape.
  const tools = {
    session_handoff: sessionHandoffTool(context),
    request_handoff: requestHandoffTool(context),
    read_session: readSessionTool(context),
    session: sessionTool(context),
    enrich_handoff: enrichHandoffTool(context),
  } as unknown as Record<string, ToolDefinition>;

  const hooks: Hooks = {
    tool: tools,
    "chat.message": async ({ sessionID }, output) => {
      await injectAtStartSafely(context, sessionID, output);
    },
    event: async ({ event }) => {
      if (event.type === "session.idle") {
        const sessionId = event.properties.sessionID;
        detached("idle", () => onIdle(context, sessionId));
      } else if (event.type === "session.compacted") {
        const sessionId = event.properties.sessionID;
        detached("compacted", () => restoreAfterCompaction(context, sessionId));
      }
    },
    "experimental.session.compacting": async ({ sessionID }, output) => {
      try {
        await captureBeforeCompaction(context, sessionID, output);
      } catch (error) {
        logPlugin(context.env, "compacting", describeError(error));
      }
    },
    "experimental.compaction.autocontinue": async ({ sessionID, agent, model }, output) => {
      // The queued text is the continuation; OpenCode's own "continue" turn would answer first.
      if (context.relays.awaitsCompaction(sessionID)) {
        output.enabled = false;
        return;
      }
      // OpenCode would continue before the handoff is back in the session (it runs before
      // `session.compacted`); baton continues in its place once the handoff is re-injected.
      if (output.enabled && context.compactPrompts.has(sessionID)) {
        output.enabled = false;
        context.continueAfterCompaction.set(sessionID, {
          agent,
          model: { providerID: model.providerID, modelID: model.id },
        });
      }
    },
  };
  return hooks;
};

async function onIdle(context: PluginContext, sessionId: string): Promise<void> {
  const pending = context.pendingRestores.get(sessionId);
  if (pending !== undefined) context.pendingRestores.delete(sessionId);
  if (pending !== undefined && (await answered(context, sessionId))) {
    // The new session answered its continuation prompt: the handoff is consumed, not
    // merely injected. A failed turn leaves the claim to expire, so the handoff reopens.
    const store = openStore({ root: pending.root, dir: pending.dir, env: { ...context.env } });
    await store.markRestored(pending.handoffId).catch((error: unknown) => {
      logPlugin(
        context.env,
        "idle",
        `could not mark ${pending.handoffId} restored: ${describeError(error)}`,
      );
    });
  }
  const relay = context.relays.takeNext(sessionId);
  if (relay !== undefined) await deliverRelay(context, sessionId, relay);
}

/** Whether the session's last message is an assistant answer that ended without an error. */
async function answered(context: PluginContext, sessionId: string): Promise<boolean> {
  const result = await context.client.session.messages({
    path: { id: sessionId },
    query: { directory: context.directory },
  });
  const last = result.data?.at(-1)?.info;
  return (
    last?.role === "assistant" && last.error === undefined && last.time.completed !== undefined
  );
}

const plugin: PluginModule = { id: "agent-baton", server: BatonPlugin };
export default plugin;
