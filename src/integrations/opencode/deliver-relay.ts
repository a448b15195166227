import { logPlugin } from "./log-plugin.ts";
import type { ModelRef } from "./opencode-client.ts";
import type { PluginContext } from "./plugin-context.ts";
import type { Relay } from "./relay-queue.ts";

/**
 * Sends a queued relay to its session, which has just gone idle. A compact relay compacts
 * with the session's own model; the note of who answers and the text itself follow once
 * the compaction is done (`restoreAfterCompaction`), since compaction drops what came before.
 */
export async function deliverRelay(
  context: PluginContext,
  sessionId: string,
  relay: Relay,
): Promise<void> {
  const { client, directory } = context;
  const query = { directory };
  const parts = (text: string) => [{ type: "text" as const, text }];
  if (relay.kind === "message") {
    await client.session.promptAsync({
      path: { id: sessionId },
      query,
      body: { agent: relay.agent, parts: parts(relay.text) },
    });
    return;
  }
  const model = await lastModel(context, sessionId);
  if (model === null) {
    logPlugin(
      context.env,
      "session",
      `${sessionId}: no model to compact with; sending the message uncompacted`,
    );
    await client.session.promptAsync({
      path: { id: sessionId },
      query,
      body: { agent: relay.agent, parts: parts(relay.text) },
    });
    return;
  }
  context.relays.holdForCompaction(sessionId, relay);
  const result = await client.session.summarize({ path: { id: sessionId }, query, body: model });
  if (result.error !== undefined && context.relays.takeAfterCompaction(sessionId) !== undefined) {
    logPlugin(
      context.env,
      "session",
      `${sessionId}: compaction failed; sending the message uncompacted`,
    );
    await client.session.promptAsync({
      path: { id: sessionId },
      query,
      body: { agent: relay.agent, parts: parts(relay.text) },
    });
  }
}

async function lastModel(context: PluginContext, sessionId: string): Promise<ModelRef | null> {
  const result = await context.client.session.messages({
    path: { id: sessionId },
    query: { directory: context.directory },
  });
  const messages = result.data ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const info = messages[i]?.info;
    if (info?.role === "assistant") return { providerID: info.providerID, modelID: info.modelID };
    if (info?.role === "user") return info.model;
  }
  return null;
}
