import { isCancel, select } from "@clack/prompts";
import { BatonError } from "../core/errors.ts";
import type { Handoff } from "../core/handoff.ts";
import type { ListEntry, StoreEntry } from "../store/open-store.ts";
import type { CliIo } from "./cli-io.ts";
import { displayPath } from "./display-path.ts";
import { formatAge } from "./format-age.ts";
import { warn } from "./output.ts";

export type GoodEntry = ListEntry & { ok: true };

export function goodEntries(entries: readonly ListEntry[]): GoodEntry[] {
  return entries.filter((entry): entry is GoodEntry => entry.ok);
}

/** Broken files are named on stderr, never silently skipped, and never stop the others. */
export function warnBroken(io: CliIo, entries: readonly ListEntry[]): void {
  for (const entry of entries) {
    if (!entry.ok) warn(io, `${displayPath(entry.path, io.cwd)} is broken: ${entry.error.message}`);
  }
}

export function toStoreEntry(entry: GoodEntry): StoreEntry {
  return { id: entry.id, path: entry.path, archived: entry.archived, handoff: entry.handoff };
}

/** A one-line description of a handoff for prompts and messages. */
export function describe(handoff: Handoff, now: Date): string {
  const goal = handoff.sections.goal?.text;
  const where = handoff.branch ? ` on ${handoff.branch}` : "";
  const what = goal ? `: ${goal.length > 60 ? `${goal.slice(0, 57)}...` : goal}` : "";
  return `${handoff.id}${where}, ${formatAge(handoff.created, now)} ago${what}`;
}

/** Asks which handoff to take; only called on a terminal. Ctrl-C or Escape cancels (exit 130). */
export async function askForHandoff(
  io: CliIo,
  message: string,
  candidates: readonly GoodEntry[],
): Promise<GoodEntry> {
  const now = io.now();
  const choice = await select({
    message,
    options: candidates.map((entry) => ({ value: entry.id, label: describe(entry.handoff, now) })),
    input: io.stdin,
    output: io.stderr,
  });
  if (isCancel(choice)) throw new BatonError("cancelled", "cancelled");
  const picked = candidates.find((entry) => entry.id === choice);
  if (picked === undefined) throw new BatonError("cancelled", "cancelled");
  return picked;
}
