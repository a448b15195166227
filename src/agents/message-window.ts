import type { SessionMessage } from "../core/session.ts";

export const DEFAULT_MESSAGE_WINDOW = 2_000;

/**
 * The messages a reader keeps: the newest `limit` of them plus the first user message,
 * so reading a gigabyte transcript costs memory for a window, not for the whole file.
 */
export class MessageWindow {
  private items: SessionMessage[] = [];
  private dropped = 0;
  firstUser: SessionMessage | null = null;
  private readonly limit: number;

  constructor(limit = DEFAULT_MESSAGE_WINDOW) {
    this.limit = limit;
  }

  push(message: SessionMessage): void {
    if (message.role === "user") this.firstUser ??= message;
    this.items.push(message);
    // Trim in batches: shifting one element per push would be quadratic.
    if (this.items.length >= this.limit * 2) {
      const excess = this.items.length - this.limit;
      this.items = this.items.slice(excess);
      this.dropped += excess;
    }
  }

  last(): SessionMessage | undefined {
    return this.items.at(-1);
  }

  get count(): number {
    return this.dropped + this.items.length;
  }

  list(): SessionMessage[] {
    return this.items.length > this.limit ? this.items.slice(-this.limit) : this.items;
  }
}
