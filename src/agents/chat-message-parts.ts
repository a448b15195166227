import { isObject, type JsonObject, str } from "./json-values.ts";

/**
 * What agents that keep their conversation as OpenAI Chat Completions messages share
 * (Continue CLI, Nanocoder): `content` is a string or a list of parts, and an assistant
 * message's `tool_calls` (Continue: `toolCalls`) are `{id, function: {name, arguments}}`
 * with the arguments as a JSON string or, as Nanocoder stores them, already parsed.
 */
export function chatText(content: unknown): string {
  if (typeof content === "string") return content.trim();
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const part of content) {
    if (isObject(part) && part.type === "text" && typeof part.text === "string")
      texts.push(part.text);
  }
  return texts.join("\n").trim();
}

export interface ChatToolCall {
  id: string | null;
  name: string;
  args: JsonObject;
}

export function chatToolCalls(calls: unknown): ChatToolCall[] {
  if (!Array.isArray(calls)) return [];
  const found: ChatToolCall[] = [];
  for (const call of calls) {
    if (!isObject(call)) continue;
    const fn = isObject(call.function) ? call.function : {};
    found.push({
      id: str(call.id),
      name: str(fn.name) ?? "unknown",
      args: parseArgs(fn.arguments),
    });
  }
  return found;
}

function parseArgs(args: unknown): JsonObject {
  if (isObject(args)) return args;
  if (typeof args !== "string") return {};
  try {
    const parsed = JSON.parse(args) as unknown;
    return isObject(parsed) ? parsed : {};
  } catch {
    // Arguments the model left unfinished: kept as text for the reader's eyes.
    return { arguments: args };
  }
}
