/** A message the `session` tool will deliver once its session is idle again. */
export interface Relay {
  kind: "message" | "compact";
  agent: string;
  text: string;
}

/**
 * Relays waiting for their session to unlock. The tool that queues one runs inside the
 * session's turn, and prompting a locked session deadlocks it, so delivery waits for the
 * session's idle event; a compact relay then waits once more, for the compaction to end.
 */
export class RelayQueue {
  readonly #waiting = new Map<string, Relay[]>();
  readonly #afterCompaction = new Map<string, Relay>();

  add(sessionId: string, relay: Relay): void {
    const list = this.#waiting.get(sessionId) ?? [];
    list.push(relay);
    this.#waiting.set(sessionId, list);
  }

  /** The oldest relay of a session that just went idle, removed from the queue. */
  takeNext(sessionId: string): Relay | undefined {
    const list = this.#waiting.get(sessionId);
    const next = list?.shift();
    if (list !== undefined && list.length === 0) this.#waiting.delete(sessionId);
    return next;
  }

  holdForCompaction(sessionId: string, relay: Relay): void {
    this.#afterCompaction.set(sessionId, relay);
  }

  awaitsCompaction(sessionId: string): boolean {
    return this.#afterCompaction.has(sessionId);
  }

  takeAfterCompaction(sessionId: string): Relay | undefined {
    const relay = this.#afterCompaction.get(sessionId);
    this.#afterCompaction.delete(sessionId);
    return relay;
  }
}
