import { BatonError } from "../core/errors.ts";
import type { Claim, Handoff } from "../core/handoff.ts";

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

const LIFECYCLE_RANK: Record<Handoff["status"], number> = {
  open: 0,
  claimed: 1,
  superseded: 2,
  restored: 3,
  archived: 3,
};

/**
 * Two machines' lifecycle of one handoff, made one: the further along wins (open, then
 * claimed, then superseded, then consumed), `restoredAt` keeps the earliest, and of two
 * claims the earlier (then the smaller session id) holds, the same on both machines. The
 * content is `local`'s. `lost` names the claim that did not hold, for the caller to report;
 * both stay in the history of the handoff's shared ref.
 */
export function mergeLifecycles(
  local: Handoff,
  remote: Handoff,
): { handoff: Handoff; lost: Claim | null } {
  const a = LIFECYCLE_RANK[local.status];
  const b = LIFECYCLE_RANK[remote.status];
  let winner = a >= b ? local : remote;
  if (a === b && local.claim !== null && remote.claim !== null) {
    winner = earlierClaim(local.claim, remote.claim) === local.claim ? local : remote;
  }
  const other = winner === local ? remote : local;
  const lost =
    other.claim !== null && (winner.claim === null || !sameClaim(other.claim, winner.claim))
      ? other.claim
      : null;
  const restoredAt =
    [local.restoredAt, remote.restoredAt].filter((at): at is string => at !== null).sort()[0] ??
    null;
  return {
    handoff: {
      ...local,
      status: winner.status,
      claim: winner.claim,
      restoredAt,
      supersededBy: winner.supersededBy ?? other.supersededBy,
    },
    lost,
  };
}

function earlierClaim(x: Claim, y: Claim): Claim {
  return (x.at.localeCompare(y.at) || x.session.localeCompare(y.session)) <= 0 ? x : y;
}

function sameClaim(x: Claim, y: Claim): boolean {
  return x.session === y.session && x.at === y.at;
}

/** Whether two copies of a handoff say the same, whatever their lifecycle. */
export function sameContent(a: Handoff, b: Handoff): boolean {
  const content = (h: Handoff) => {
    const { status: _s, claim: _c, restoredAt: _r, supersededBy: _b, ...rest } = h;
    return JSON.stringify(rest);
  };
  return content(a) === content(b);
}

export function sameLifecycle(a: Handoff, b: Handoff): boolean {
  return (
    a.status === b.status &&
    JSON.stringify(a.claim) === JSON.stringify(b.claim) &&
    a.restoredAt === b.restoredAt &&
    a.supersededBy === b.supersededBy
  );
}
