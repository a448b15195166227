import { slugifyTopic } from "./slugify-topic.ts";

export const HANDOFF_EXTENSION = ".md";

/**
 * The date part of a handoff's file name. It is taken as written at the start of
 * `created`, so a timestamp recorded with the user's offset names the file by the user's
 * day; a `created` that does not start with a date falls back to the UTC day of `now`.
 */
export function datePartOf(created: string, now: Date): string {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(created);
  return match?.[1] ?? now.toISOString().slice(0, 10);
}

/**
 * The stem (and handoff id) for the `counter`-th handoff of a topic on a day:
 * `2026-11-21-fix-login`, then `2026-11-21-fix-login-2`, `-3`, …
 */
export function makeHandoffStem(datePart: string, topic: string, counter: number): string {
  const base = `${datePart}-${slugifyTopic(topic)}`;
  return counter <= 1 ? base : `${base}-${counter}`;
}

/** Handoff documents are the visible `.md` files; dot files are the store's temp and lock files. */
export function isHandoffFileName(name: string): boolean {
  return name.endsWith(HANDOFF_EXTENSION) && !name.startsWith(".");
}

export function stemOf(fileName: string): string {
  return fileName.slice(0, -HANDOFF_EXTENSION.length);
}

/** The id the store will most likely give a new handoff (a counter is added on collision). */
export function likelyHandoffId(draft: { created: string; topic: string }, now: Date): string {
  return makeHandoffStem(datePartOf(draft.created, now), draft.topic, 1);
}
