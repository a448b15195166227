import type { JsonObject } from "../../agents/json-values.ts";
import {
  buildOpenCodeSession,
  type StoredMessage,
} from "../../agents/opencode/opencode-session-builder.ts";
import type { Session } from "../../core/session.ts";
import { dataOf, type ModelRef, type OpenCodeClient } from "./opencode-client.ts";

/** A live OpenCode session as the server reports it, in baton's Session model. */
export interface ApiSession {
  session: Session;
  title: string | null;
  /** The agent and model of the last assistant message: what the session was running. */
  agent: string | null;
  model: ModelRef | null;
}

/**
 * Reads a session through the running server (title, messages and todos in parallel)
 * rather than from OpenCode's SQLite file: the server is the one writer, and the plugin
 * runs under Bun, which has no `node:sqlite`.
 */
export async function readApiSession(
  client: OpenCodeClient,
  id: string,
  directory: string,
): Promise<ApiSession> {
  const query = { directory };
  const [info, messages, todos] = await Promise.all([
    dataOf("session.get", client.session.get({ path: { id }, query })),
    dataOf("session.messages", client.session.messages({ path: { id }, query })),
    client.session.todo({ path: { id }, query }).then(
      (result) => (Array.isArray(result.data) ? result.data : null),
      () => null,
    ),
  ]);
  const stored: StoredMessage[] = messages.map((message) => {
    const raw = message.info as unknown as JsonObject;
    const time = raw.time as { created?: unknown } | undefined;
    return {
      id: message.info.id,
      createdMs: typeof time?.created === "number" ? time.created : 0,
      info: raw,
      parts: message.parts as unknown as JsonObject[],
    };
  });
  const session = buildOpenCodeSession(
    {
      id: info.id,
      location: `opencode#${info.id}`,
      directory: info.directory ?? directory,
      title: info.title ?? null,
      version: info.version ?? null,
      parentId: info.parentID ?? null,
      agent: null,
      model: null,
      createdMs: info.time?.created ?? null,
      updatedMs: info.time?.updated ?? null,
      usage: null,
    },
    stored,
    (todos as unknown as JsonObject[] | null) ?? null,
    [],
  );
  let agent: string | null = null;
  let model: ModelRef | null = null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]?.info;
    if (message?.role !== "assistant") continue;
    const mode = message as { agent?: unknown; mode?: unknown };
    agent =
      typeof mode.agent === "string"
        ? mode.agent
        : typeof mode.mode === "string"
          ? mode.mode
          : null;
    model = { providerID: message.providerID, modelID: message.modelID };
    break;
  }
  return { session, title: info.title ?? null, agent, model };
}
