import { createRequire } from "node:module";

/**
 * Token counting for the continuation prompt's budget.
 *
 * Encoding: `cl100k_base`. No public encoding is every receiver's own (Claude's tokenizer is
 * unpublished; Codex's current models use `o200k_base`), so the budget is an approximation
 * whichever we pick. On our prompts and on prose, paths and code, cl100k and o200k agree
 * within about 2% (measured: rendered prompts 1% lower, the seeds' prose up to 5% higher),
 * far less than either differs from Claude's, and cl100k's rank table loads in about half
 * the time (~75 ms against ~140 ms on Node 24), which matters because a hook has 150 ms in all.
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

/**
 * Loads the tokenizer now, for a caller that will count soon and has idle time first (the
 * main thread while a worker reads a large session).
 */
export function preloadTokenizer(): void {
  loadEncoding();
}

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return loadEncoding().countTokens(text, PLAIN_TEXT);
}
