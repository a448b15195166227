import { isCancel, select } from "@clack/prompts";
import { BatonError } from "../core/errors.ts";
import type { Handoff } from "../core/handoff.ts";
import type { HandoffStore, ListEntry, StoreEntry } from "../store/open-store.ts";
import { type CliIo, canPrompt } from "./cli-io.ts";
import { displayPath } from "./display-path.ts";
import { formatAge } from "./format-age.ts";
import { say, warn } from "./output.ts";

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

/**
 * The handoff `resume`, `show`, `resume --peek` and `continue` take when none is named, so
 * that what one shows is what another claims: the open handoffs of this branch, else every
 * open one, else (to say who holds it) the claimed ones in the same order. With several
 * candidates it asks on a terminal; without one it takes the newest and says which.
 */
export async function chooseHandoff(
  io: CliIo,
  store: HandoffStore,
  branch: string | null,
  command: string,
): Promise<StoreEntry> {
  const entries = await store.list();
  warnBroken(io, entries);
  const good = goodEntries(entries);
  const tiers = (["open", "claimed"] as const).flatMap((status) => {
    const live = good.filter((entry) => entry.handoff.status === status);
    const onBranch = branch === null ? [] : live.filter((entry) => entry.handoff.branch === branch);
    return [
      { status, where: ` on ${branch}`, candidates: onBranch },
      { status, where: "", candidates: live },
    ];
  });
  const tier = tiers.find((t) => t.candidates.length > 0);
  const newest = tier?.candidates[0];
  if (tier === undefined || newest === undefined) {
    throw new BatonError(
      "not-found",
      `no open handoff in ${displayPath(store.dir, io.cwd)}; write one with "baton create", or see "baton list --all"`,
    );
  }
  const { candidates } = tier;
  if (candidates.length === 1) return toStoreEntry(newest);
  if (canPrompt(io)) {
    const message = `${candidates.length} ${tier.status} handoffs${tier.where}: which one?`;
    return toStoreEntry(await askForHandoff(io, message, candidates));
  }
  say(
    io,
    `baton: ${candidates.length} ${tier.status} handoffs${tier.where}; taking the newest, ${describe(newest.handoff, io.now())} (name another with "baton ${command} <id>")`,
  );
  return toStoreEntry(newest);
}

/** The claim of this session if it has one, else the most recent claim of any session. */
export async function lastClaimed(
  io: CliIo,
  store: HandoffStore,
  session: string | undefined,
  onlyMine: boolean,
  command: "ack" | "release",
): Promise<GoodEntry> {
  const claimed = goodEntries(await store.list())
    .filter((entry) => entry.handoff.status === "claimed" && entry.handoff.claim !== null)
    .sort((a, b) => claimTime(b) - claimTime(a));
  const mine =
    session === undefined ? undefined : claimed.find((e) => e.handoff.claim?.session === session);
  const picked = onlyMine ? mine : (mine ?? claimed[0]);
  if (picked === undefined && onlyMine && claimed.length > 0) {
    throw new BatonError(
      "conflict",
      `session ${session} holds no claim in ${displayPath(store.dir, io.cwd)}; the claimed handoffs belong to other sessions`,
    );
  }
  if (picked === undefined) {
    throw new BatonError(
      "not-found",
      `no claimed handoff to ${command === "ack" ? "acknowledge" : "release"} in ${displayPath(store.dir, io.cwd)} (a claim lapses after 30 minutes; name the handoff: "baton ${command} <id>")`,
    );
  }
  return picked;
}

function claimTime(entry: GoodEntry): number {
  const at = Date.parse(entry.handoff.claim?.at ?? "");
  return Number.isFinite(at) ? at : 0;
}
