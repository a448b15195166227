import type { PluginInput } from "@opencode-ai/plugin";
import { BatonError } from "../../core/errors.ts";

/** The SDK client OpenCode hands a plugin, bound to the running server. */
export type OpenCodeClient = PluginInput["client"];

/** A model as OpenCode names it in prompts. */
export interface ModelRef {
  providerID: string;
  modelID: string;
}

/**
 * The data of an SDK call, or a BatonError naming the call: the v1 client answers
 * `{ data, error }` instead of throwing, and a silent `undefined` would surface far away.
 */
export async function dataOf<T>(
  call: string,
  pending: Promise<{ data?: T; error?: unknown }>,
): Promise<T> {
  const result = await pending;
  if (result.error !== undefined || result.data === undefined) {
    throw new BatonError("agent", `OpenCode ${call} failed: ${describeApiError(result.error)}`);
  }
  return result.data;
}

function describeApiError(error: unknown): string {
  if (error === undefined) return "no data";
  if (typeof error === "object" && error !== null) {
    const record = error as { data?: { message?: unknown }; message?: unknown; name?: unknown };
    const message = record.data?.message ?? record.message ?? record.name;
    if (typeof message === "string") return message;
  }
  try {
    return JSON.stringify(error).slice(0, 300);
  } catch {
    return String(error);
  }
}
