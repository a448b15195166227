import type { Handoff, Sections } from "./handoff.ts";

/**
 * The handoff with every fact marked claimed. A document nobody trusted signed says
 * "verified" only on its own word, so it is shown as what someone claims.
 */
export function asClaims(handoff: Handoff): Handoff {
  const sections = Object.fromEntries(
    Object.entries(handoff.sections).map(([name, value]) => [name, claimed(value)]),
  ) as Sections;
  return { ...handoff, sections };
}

function claimed(value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(claimed);
  return { ...(value as object), provenance: "claimed" };
}
