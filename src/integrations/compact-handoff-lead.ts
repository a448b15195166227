/**
 * How the SessionStart(compact) answer opens when it carries the handoff this session just
 * captured (trusted): what tells it from a notice, for an agent that makes it its summary.
 */
export const COMPACT_HANDOFF_LEAD = "Handoff captured by baton just before this compaction";
