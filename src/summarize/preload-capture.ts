import { preloadTokenizer } from "../core/count-tokens.ts";
import { preloadSecretlint } from "../safety/find-secretlint-secrets.ts";

/**
 * Loads, on the next turn of the event loop, what every capture needs once the session is
 * read: secretlint's rules (imported asynchronously) and the tokenizer (built
 * synchronously). For a caller with idle time first: the main thread while git runs and a
 * worker reads a large session, so that a large transcript's handoff costs little more
 * than reading it.
 */
export function preloadCapture(): void {
  setImmediate(() => {
    preloadSecretlint();
    preloadTokenizer();
  });
}
