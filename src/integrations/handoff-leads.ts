/**
 * How the SessionStart(compact) answer opens when it carries the handoff this session just
 * captured (trusted): what tells it from a notice, for an agent that makes it its summary.
 */
export const COMPACT_HANDOFF_LEAD = "Handoff captured by baton just before this compaction";

/**
 * How the answer at a session's start opens when it carries an open handoff of its branch
 * from another session, which baton just claimed for it: the same words in every agent.
 */
export function openHandoffLead(where: string, sourceSession: string | null): string {
  const from = sourceSession === null ? "" : ` (session ${sourceSession})`;
  return `An open handoff from an earlier session${from} was found for this repository and branch (${where}). baton marked it claimed by this session; it is archived once this session has answered.`;
}
