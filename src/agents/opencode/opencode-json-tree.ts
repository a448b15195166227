import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isObject, type JsonObject, num, str } from "../json-values.ts";
import type { StoredMessage, StoredSession } from "./opencode-session-builder.ts";

/**
 * The JSON file tree OpenCode used before 1.2 (`storage/session|message|part|todo`).
 * Versions since 1.16 no longer read it, but sessions recorded then are still on disk.
 */
async function readJson(path: string): Promise<JsonObject | null> {
  try {
    const value = JSON.parse(await readFile(path, "utf8")) as unknown;
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

async function jsonFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".json")).map((name) => join(dir, name));
}

export async function listTreeSessions(storage: string): Promise<StoredSession[]> {
  const projects = await readdir(join(storage, "session")).catch(() => [] as string[]);
  const sessions: StoredSession[] = [];
  for (const project of projects) {
    for (const file of await jsonFiles(join(storage, "session", project))) {
      const info = await readJson(file);
      if (info) sessions.push(treeSession(info, storage));
    }
  }
  return sessions;
}

export async function findTreeSession(storage: string, id: string): Promise<StoredSession | null> {
  for (const session of await listTreeSessions(storage)) if (session.id === id) return session;
  return null;
}

function treeSession(info: JsonObject, storage: string): StoredSession {
  const time = isObject(info.time) ? info.time : {};
  const id = str(info.id) ?? "unknown";
  return {
    id,
    location: `${storage}#${id}`,
    directory: str(info.directory),
    title: str(info.title),
    version: str(info.version),
    parentId: str(info.parentID),
    agent: null,
    model: null,
    createdMs: num(time.created) || null,
    updatedMs: num(time.updated) || null,
    usage: null,
  };
}

export async function readTreeMessages(
  storage: string,
  sessionId: string,
): Promise<StoredMessage[]> {
  const messages: StoredMessage[] = [];
  for (const file of await jsonFiles(join(storage, "message", sessionId))) {
    const info = await readJson(file);
    const id = info ? str(info.id) : null;
    if (!info || !id) continue;
    const parts: JsonObject[] = [];
    for (const partFile of (await jsonFiles(join(storage, "part", id))).sort()) {
      const part = await readJson(partFile);
      if (part) parts.push(part);
    }
    const time = isObject(info.time) ? info.time : {};
    messages.push({ id, createdMs: num(time.created), info, parts });
  }
  return messages.sort((a, b) => a.createdMs - b.createdMs || a.id.localeCompare(b.id));
}

export async function readTreeTodos(
  storage: string,
  sessionId: string,
): Promise<JsonObject[] | null> {
  try {
    const value = JSON.parse(
      await readFile(join(storage, "todo", `${sessionId}.json`), "utf8"),
    ) as unknown;
    return Array.isArray(value) ? value.filter(isObject) : null;
  } catch {
    return null;
  }
}
