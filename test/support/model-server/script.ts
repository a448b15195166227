/**
 * What a test hands the scripted model server: the model's side of a conversation,
 * one entry per model turn, in order. Each API adapter encodes a turn in its own wire
 * format (Anthropic Messages, OpenAI Responses, OpenAI Chat Completions).
 */

export interface ToolCall {
  /** The tool's name exactly as the agent declares it, e.g. "Write", "Bash", "shell". */
  readonly name: string;
  readonly input: Record<string, unknown>;
  /** Defaults to a generated id in the adapter's style (toolu_…, call_…). */
  readonly id?: string;
  /** The namespace of a tool loaded by a tool search (OpenAI Responses), e.g. `mcp__baton`. */
  readonly namespace?: string;
}

/**
 * One model turn: a text reply, or one or more tool calls (optionally preceded by text).
 * A turn with tool calls ends with stop reason "tool use"; a text-only turn ends the
 * agent's loop.
 */
export interface Turn {
  readonly text?: string;
  readonly toolCalls?: readonly ToolCall[];
  /** Answer this turn only after so many milliseconds (a slow or hanging provider). */
  readonly delayMs?: number;
  /** Answer with this HTTP error in the API's error format instead (consumes the turn). */
  readonly error?: { readonly status: number; readonly message: string };
}

/** The ordered turns of one conversation. */
export type Script = readonly Turn[];

export function reply(text: string): Turn {
  return { text };
}

/** A provider failing this turn with an HTTP error (e.g. 500, 529). */
export function httpError(status: number, message: string): Turn {
  return { error: { status, message } };
}

export function callTools(...toolCalls: ToolCall[]): Turn {
  return { toolCalls };
}

export function callToolsWithText(text: string, ...toolCalls: ToolCall[]): Turn {
  return { text, toolCalls };
}
