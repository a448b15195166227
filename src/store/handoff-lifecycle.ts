import { BatonError } from "../core/errors.ts";
import type { Handoff } from "../core/handoff.ts";

/**
 * The lifecycle's transitions as pure functions of a handoff and the time:
 * open → claimed → restored → archived, and superseded. The store applies them under the
 * handoff's lock; keeping them pure keeps the rules testable on their own.
 */

export const DEFAULT_LEASE_MS = 30 * 60 * 1000;

export interface ClaimOptions {
  /** The receiving session's id. */
  session: string;
  agent?: string | null;
  /** How long the claim holds without the receiver acknowledging it. */
  leaseMs?: number;
  /**
   * Take over another session's live claim (`resume --force`): its lease has not run out,
   * but the user says that session is gone.
   */
  force?: boolean;
}

/**
 * A claim whose lease ran out without the receiver proceeding returns to `open`: the
 * session that took the handoff died or was abandoned, and the next one may take it.
 */
export function withLeaseExpiry(handoff: Handoff, now: Date): Handoff {
  if (handoff.status !== "claimed" || handoff.claim === null) return handoff;
  const until = Date.parse(handoff.claim.leaseUntil);
  if (Number.isFinite(until) && until > now.getTime()) return handoff;
  return { ...handoff, status: "open", claim: null };
}

export function claimHandoff(
  handoff: Handoff,
  options: ClaimOptions,
  now: Date,
  defaultLeaseMs = DEFAULT_LEASE_MS,
): Handoff {
  if (options.session.trim() === "") {
    throw new BatonError("usage", "claiming a handoff needs the receiving session's id");
  }
  const current = withLeaseExpiry(handoff, now);
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  switch (current.status) {
    case "open":
      return {
        ...current,
        status: "claimed",
        claim: {
          session: options.session,
          agent: options.agent ?? null,
          at: now.toISOString(),
          leaseUntil,
        },
      };
    case "claimed": {
      const claim = current.claim;
      if (claim === null || claim.session !== options.session) {
        if (options.force) {
          return {
            ...current,
            claim: {
              session: options.session,
              agent: options.agent ?? null,
              at: now.toISOString(),
              leaseUntil,
            },
          };
        }
        throw new BatonError(
          "conflict",
          `handoff ${current.id} is claimed by session ${claim?.session ?? "unknown"} until ${claim?.leaseUntil ?? "unknown"}; run "baton release ${current.id}" to free it, or "baton resume --force" to take it over`,
        );
      }
      // The same session resuming again (a retried hook, a second `baton resume`) renews its lease.
      return { ...current, claim: { ...claim, agent: options.agent ?? claim.agent, leaseUntil } };
    }
    case "superseded":
      throw new BatonError(
        "conflict",
        `handoff ${current.id} was superseded by ${current.supersededBy ?? "a newer handoff"}; resume that one`,
      );
    case "restored":
    case "archived":
      throw new BatonError(
        "conflict",
        `handoff ${current.id} was already consumed (${current.status})`,
      );
  }
}

/** Returns a claim (`baton release`): the handoff is open again for any session. */
export function releaseHandoff(handoff: Handoff, now: Date): Handoff {
  const current = withLeaseExpiry(handoff, now);
  if (current.status !== "claimed") {
    const why =
      handoff.status === "claimed"
        ? "its claim expired, so it is open already"
        : `it is ${current.status}`;
    throw new BatonError("conflict", `handoff ${handoff.id} is not claimed: ${why}`);
  }
  return { ...current, status: "open", claim: null };
}

/**
 * Records that the receiver proceeded. The archived file gets status `archived` and keeps
 * `restoredAt`: the status says where the file is, `restoredAt` says it was consumed by a
 * session (an archived handoff with `restoredAt: null` was archived by hand).
 */
export function restoreHandoff(handoff: Handoff, now: Date, session?: string): Handoff {
  const current = withLeaseExpiry(handoff, now);
  const claim = current.status === "claimed" ? current.claim : null;
  // A session that names itself acknowledges only its own claim, never another's.
  if (session !== undefined && claim !== null && claim.session !== session) {
    throw new BatonError(
      "conflict",
      `handoff ${handoff.id} is claimed by session ${claim.session}, not ${session}; not acknowledged`,
    );
  }
  return { ...handoff, status: "archived", restoredAt: handoff.restoredAt ?? now.toISOString() };
}

/** Archiving keeps every record (claim, supersededBy, restoredAt); only the status changes. */
export function archiveHandoff(handoff: Handoff): Handoff {
  return { ...handoff, status: "archived" };
}

export function supersedeHandoff(handoff: Handoff, newId: string): Handoff {
  if (handoff.id === newId) {
    throw new BatonError("usage", `handoff ${newId} cannot supersede itself`);
  }
  if (handoff.status === "archived") {
    throw new BatonError("conflict", `handoff ${handoff.id} is archived; it cannot be superseded`);
  }
  return { ...handoff, status: "superseded", supersededBy: newId };
}
