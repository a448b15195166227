/** Sections baton reads from git, the agent's todo store and recorded checks: not asked for. */
const MECHANICAL = new Set(["Modified Files", "Todos", "Validation"]);

/**
 * What the prompt re-injected after a compaction asks of the agent when the handoff still
 * holds enrich markers (seed 004): fill those sections from what it still knows, with
 * `baton enrich` (or the plugin's `enrich_handoff` tool), which writes them as its claims.
 * Null when no section a model could know is marked. One short paragraph of the handoff's
 * own id and headings, which were redacted when it was written.
 */
export function enrichRequest(
  id: string,
  headings: readonly string[],
  /** The plugin's tool, or the shell command that runs baton (`baton`, or node and its script). */
  via: "tool" | { command: string } = { command: "baton" },
): string | null {
  const asked = headings.filter((heading) => !MECHANICAL.has(heading));
  if (asked.length === 0) return null;
  const listed = asked.map((heading) => `## ${heading}`).join(", ");
  const how =
    via === "tool"
      ? `call the enrich_handoff tool with id "${id}" and markdown under those headings`
      : `run \`${via.command} enrich ${id} --stdin\` with markdown under those headings on stdin`;
  return [
    `baton could not fill these sections of the handoff from the transcript: ${listed}.`,
    `If you still know them from before the compaction, fill them now: ${how} (a list item per point).`,
    `Leave out what you do not know; what you write is kept as your claims, never as verified facts.`,
  ].join(" ");
}
