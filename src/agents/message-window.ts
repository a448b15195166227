import type { SessionMessage } from "../core/session.ts";
import { classifyUserText } from "./classify-user-text.ts";

export const DEFAULT_MESSAGE_WINDOW = 2_000;

/**
 * The messages a reader keeps: the newest `limit` of them plus the first user message,
 * so reading a gigabyte transcript costs memory for a window, not for the whole file.
 */
export class MessageWindow {
  private items: SessionMessage[] = [];
  private dropped = 0;
  /**
   * The first user message that speaks for the person: slash commands (`/clear`) and the
   * context an agent injects as user messages are skipped.
   */
  firstUser: SessionMessage | null = null;
  /** The first user message that is a request (or a baton handoff): what a listing shows. */
  firstPrompt: SessionMessage | null = null;
  private readonly limit: number;

  constructor(limit = DEFAULT_MESSAGE_WINDOW) {
    this.limit = limit;
  }

  push(message: SessionMessage): void {
    if (message.role === "user" && (this.firstUser === null || this.firstPrompt === null)) {
      const kind = classifyUserText(message.text);
      if (kind !== null && kind !== "command" && kind !== "injected") this.firstUser ??= message;
      if (kind === "request" || kind === "handoff") this.firstPrompt ??= message;
    }
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
