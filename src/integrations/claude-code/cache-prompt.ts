import { readFileSync, statSync } from "node:fs";
import { relative } from "node:path";
import type { Handoff } from "../../core/handoff.ts";
import { parseDocument } from "../../core/parse-document.ts";
import { renderPrompt } from "../../core/render-prompt.ts";
import { redactTextFast } from "../../safety/redact-text.ts";
import type { Env } from "../baton-state-dir.ts";
import { writeCachedPrompt } from "./hook-state.ts";

/**
 * Renders a handoff's continuation prompt and caches it for the session-start hook,
 * keyed by the document's path, mtime and size. Call it after every write of the
 * document. The prompt is returned even when the cache cannot be written.
 */
export function cacheHandoffPrompt(handoff: Handoff, path: string, root: string, env: Env): string {
  // A document may have been edited by hand since baton wrote it: what reaches Claude is redacted.
  const rendered = renderPrompt(handoff, { documentPath: relative(root, path) }).text;
  const text = redactTextFast(rendered, { env: { ...env } }).text;
  try {
    const stat = statSync(path);
    writeCachedPrompt(env, { path, id: handoff.id, mtimeMs: stat.mtimeMs, size: stat.size, text });
  } catch {
    // No cache: the session-start hook renders the prompt itself, only slower.
  }
  return text;
}

/** The same for a document known only by its path (written by `baton create` or by hand). */
export function cachePrompt(path: string, root: string, env: Env): string {
  const handoff = parseDocument(readFileSync(path, "utf8"), { path });
  return cacheHandoffPrompt(handoff, path, root, env);
}
