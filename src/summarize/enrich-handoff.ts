import { BatonError } from "../core/errors.ts";
import {
  type Handoff,
  SECTION_HEADINGS,
  type SectionName,
  type Sections,
} from "../core/handoff.ts";
import { redactValue, redactValueFast } from "../safety/redact-value.ts";
import type { SecretKind } from "../safety/secret-kind.ts";
import type { HandoffSigner, HandoffStore, StoreEntry } from "../store/open-store.ts";
import { withTokens } from "./with-tokens.ts";

type Env = Readonly<Record<string, string | undefined>>;

export interface EnrichRequest {
  store: HandoffStore;
  /** The handoff to enrich, by its exact id (the caller resolved a prefix or picked it). */
  id: string;
  /** Sections a model or person wrote (the `given` source): every item is a claim. */
  given: Partial<Sections>;
  /**
   * Also replace sections that already hold claims (or an empty list). A section holding a
   * verified fact is never replaced: what git or a transcript proved is not a model's to rewrite.
   */
  replace?: boolean;
  /**
   * Enrich a handoff this machine did not sign. The store keeps its old signature, which
   * no longer matches: the result shows as unverified, never as ours.
   */
  force?: boolean;
  /** Tells whether this machine signed a handoff (the store's signer). */
  signer: Pick<HandoffSigner, "owns">;
  env: Env;
  /** Secretlint too (commands); the fast patterns only otherwise. */
  thorough?: boolean;
}

export interface EnrichedHandoff {
  entry: StoreEntry;
  /** The sections written, in document order. */
  filled: SectionName[];
  /** Given sections left as they were: already filled, and no `--replace`. */
  kept: SectionName[];
  /** Secrets masked in what was given. */
  redactions: number;
  /** Whether the result is signed by this machine (false after `force` on another's). */
  resigned: boolean;
}

const HEADING = new Map(SECTION_HEADINGS);

/** The sections still holding the enrich marker (nothing was captured for them). */
export function markedSections(handoff: Handoff): SectionName[] {
  return SECTION_HEADINGS.map(([name]) => name).filter((name) => handoff.sections[name] === null);
}

/** The headings of the marked sections: `Goal`, `Next Steps`. */
export function markedHeadingsOf(handoff: Handoff): string[] {
  return markedSections(handoff).map((name) => HEADING.get(name) ?? name);
}

/** `Goal, Next Steps`. */
export function sectionHeadings(names: readonly SectionName[]): string {
  return names.map((name) => HEADING.get(name) ?? name).join(", ");
}

/**
 * Fills a handoff's enrich markers with what a model or person gives (seed 004: the host
 * model after compaction), in place: under the store's lock, the given sections over the
 * marked ones (with `replace`, over claimed ones too), redacted, the token counts measured
 * again; its id and lifecycle stay the store's, and the store signs it again because this
 * machine signed it. A handoff signed elsewhere (or unsigned) is refused unless `force`:
 * signing someone else's claims with this machine's key would launder them as ours.
 */
export async function enrichHandoff(request: EnrichRequest): Promise<EnrichedHandoff> {
  const { store, id } = request;
  if (Object.keys(request.given).length === 0) {
    throw new BatonError("usage", "no sections given to enrich the handoff with");
  }
  const current = await store.get(id);
  const ours = request.signer.owns(current.handoff);
  if (!ours && request.force !== true) {
    const whose =
      current.handoff.signature === undefined ? "is not signed" : "was signed elsewhere";
    throw new BatonError(
      "conflict",
      `handoff ${id} ${whose}; enriching it would sign someone else's claims as this machine's (with --force it is enriched and shows as unverified)`,
    );
  }
  // Redacted before the lock: secretlint is asynchronous, the store's change is not.
  const options = { env: { ...request.env } };
  const redacted = request.thorough
    ? await redactValue(request.given, options)
    : redactValueFast(request.given, options);
  const given = redacted.value;
  let filled: SectionName[] = [];
  let kept: SectionName[] = [];
  const entry = await store.revise(id, (stored) => {
    ({ filled, kept } = plan(stored, given, request.replace === true));
    if (filled.length === 0) throw nothingToEnrich(stored, kept);
    const sections: Sections = { ...stored.sections };
    for (const name of filled) Object.assign(sections, { [name]: given[name] });
    const next: Handoff = {
      ...stored,
      sections,
      redactions: stored.redactions + redacted.count,
      ...withKinds(stored.redactionKinds, redacted.kinds),
    };
    return { ...withTokens(next, stored.id), id: stored.id };
  });
  return {
    entry,
    filled,
    kept,
    redactions: redacted.count,
    resigned: ours && entry.handoff.signature !== undefined,
  };
}

/** Which given sections may be written over the stored ones, in document order. */
function plan(
  stored: Handoff,
  given: Partial<Sections>,
  replace: boolean,
): { filled: SectionName[]; kept: SectionName[] } {
  const filled: SectionName[] = [];
  const kept: SectionName[] = [];
  for (const [name] of SECTION_HEADINGS) {
    if (given[name] === undefined) continue;
    const now = stored.sections[name];
    if (now === null) filled.push(name);
    else if (replace && !holdsVerified(now)) filled.push(name);
    else kept.push(name);
  }
  return { filled, kept };
}

function holdsVerified(value: NonNullable<Sections[SectionName]>): boolean {
  const items: { provenance: string }[] = Array.isArray(value) ? value : [value];
  return items.some((item) => item.provenance === "verified");
}

function nothingToEnrich(stored: Handoff, kept: SectionName[]): BatonError {
  const marked = markedSections(stored);
  if (marked.length === 0 && kept.length === 0) {
    return new BatonError(
      "conflict",
      `nothing to enrich: handoff ${stored.id} holds no enrich markers`,
    );
  }
  const open =
    marked.length === 0 ? "it holds no enrich markers" : `still marked: ${sectionHeadings(marked)}`;
  return new BatonError(
    "conflict",
    `nothing to enrich in ${stored.id}: ${sectionHeadings(kept)} already filled (${open}; --replace overwrites claims, never verified facts)`,
  );
}

function withKinds(
  before: Handoff["redactionKinds"],
  added: Partial<Record<SecretKind, number>>,
): { redactionKinds?: Record<string, number> } {
  const kinds: Record<string, number> = { ...before };
  for (const [kind, n] of Object.entries(added)) kinds[kind] = (kinds[kind] ?? 0) + (n ?? 0);
  return Object.keys(kinds).length > 0 ? { redactionKinds: kinds } : {};
}
