import { createRequire } from "node:module";

/**
 * Token counting for the continuation prompt's budget.
 *
 * Encoding: `cl100k_base`. No public encoding is the receivers' own (Claude's tokenizer is
 * unpublished; Codex's current models use `o200k_base`), so the budget is an approximation
 * whichever we pick. On handoff-like text (English, paths, code) cl100k counts 1-5% *more*
 * tokens than o200k, so a prompt under budget in cl100k is under budget for OpenAI's current
 * models too, and its rank table loads in about half the time (~75 ms against ~140 ms on
 * Node 24), which matters because hooks must start in under 150 ms.
 *
 * The tokenizer is loaded on the first call, synchronously, not at import: a hook that imports
 * core but never counts pays nothing.
 */
export const TOKEN_ENCODING = "cl100k_base";

type Encoding = typeof import("gpt-tokenizer/encoding/cl100k_base");

let encoding: Encoding | undefined;

function loadEncoding(): Encoding {
  // Only this encoding's module, never the package root: the root loads o200k_base.
  encoding ??= createRequire(import.meta.url)("gpt-tokenizer/encoding/cl100k_base") as Encoding;
  return encoding;
}

/**
 * Special-token spellings such as `<|endoftext|>` occur in transcripts and source files; by
 * default the library throws on them. Here they are ordinary text, counted as the receiver's
 * API would count them in a user message.
 */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return loadEncoding().countTokens(text, PLAIN_TEXT);
}
