import { readFileSync, statSync } from "node:fs";
import { relative } from "node:path";
import type { Handoff } from "../../core/handoff.ts";
import { parseDocument } from "../../core/parse-document.ts";
import { renderDocument } from "../../core/render-document.ts";
import { renderPrompt } from "../../core/render-prompt.ts";
import { redactTextFast } from "../../safety/redact-text.ts";
import { checkSignature } from "../../safety/sign-handoff.ts";
import type { Env } from "../baton-state-dir.ts";
import { type CachedSignature, hashText, writeCachedPrompt } from "./hook-state.ts";

export interface RenderedPrompt {
  text: string;
  signature: CachedSignature;
}

/**
 * Renders a handoff's continuation prompt and caches it, with what its signature says,
 * for the session-start hook, keyed by the document's path and the hash of its bytes.
 * Call it after every write of the document. The prompt is returned even when the cache
 * cannot be written.
 */
export function cacheHandoffPrompt(
  handoff: Handoff,
  path: string,
  root: string,
  env: Env,
): RenderedPrompt {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return render(handoff, path, root, env);
  }
  // The check must be of the bytes on disk: when they are not the handoff given (changed
  // since it was written), they are read again.
  const stored = text === renderDocument(handoff) ? handoff : parseDocument(text, { path });
  return cacheFromText(stored, text, path, root, env);
}

/** The same for a document known only by its path (written by `baton create` or by hand). */
export function cachePrompt(path: string, root: string, env: Env): RenderedPrompt {
  return cachePromptText(path, readFileSync(path, "utf8"), root, env);
}

/** The same for a document whose text the caller read already. */
export function cachePromptText(
  path: string,
  text: string,
  root: string,
  env: Env,
): RenderedPrompt {
  return cacheFromText(parseDocument(text, { path }), text, path, root, env);
}

function cacheFromText(
  handoff: Handoff,
  text: string,
  path: string,
  root: string,
  env: Env,
): RenderedPrompt {
  const rendered = render(handoff, path, root, env);
  try {
    const stat = statSync(path);
    writeCachedPrompt(env, {
      path,
      id: handoff.id,
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      sha256: hashText(text),
      ...rendered,
    });
  } catch {
    // No cache: the session-start hook renders the prompt itself, only slower.
  }
  return rendered;
}

function render(handoff: Handoff, path: string, root: string, env: Env): RenderedPrompt {
  // A document may have been edited by hand since baton wrote it: what reaches Claude is redacted.
  const prompt = renderPrompt(handoff, { documentPath: relative(root, path) }).text;
  const text = redactTextFast(prompt, { env: { ...env } }).text;
  const check = checkSignature(handoff);
  const signature: CachedSignature =
    check.state === "unsigned"
      ? { state: "unsigned", fingerprint: null }
      : { state: check.state, fingerprint: check.fingerprint };
  return { text, signature };
}
