import type { FrontmatterYaml, HandoffHeader } from "./document-frontmatter.ts";
import { lineError, type Where } from "./document-text.ts";
import { emptySource, HANDOFF_SCHEMA, Trigger } from "./handoff.ts";

/**
 * Seed 004's template, the form people write a handoff in by hand:
 *
 *     ---
 *     created: 2026-04-14T10:30:00+00:00
 *     branch: lg/handoff
 *     trigger: manual
 *     restored: false
 *     topic: handoff-skill-implementation
 *     ---
 *
 * Recognised by its `restored` flag and the absence of baton's `schema`; read as strictly
 * as baton's own fields (only these keys, each of its type), so a typo is still an error
 * naming the line. `restored_at` is what that template's restore script adds.
 */
const TEMPLATE_KEYS = new Set(["created", "branch", "trigger", "restored", "restored_at", "topic"]);

export function isTemplateFrontmatter(raw: Record<string, unknown>): boolean {
  return raw.schema === undefined && Object.hasOwn(raw, "restored");
}

/**
 * The handoff header of a hand-written document. `id` is its file name's stem (the store's
 * id); without one (a file given to `baton create`), the topic.
 */
export function headerFromTemplate(
  { raw, keyLine }: FrontmatterYaml,
  where: Where,
  id: string | undefined,
): HandoffHeader {
  const fail = (key: string, message: string): never => {
    throw lineError("schema", where, keyLine([key]), `frontmatter field \`${key}\` ${message}`);
  };
  for (const key of Object.keys(raw)) {
    if (!TEMPLATE_KEYS.has(key)) {
      fail(key, `is not one of the hand-written template's (${[...TEMPLATE_KEYS].join(", ")})`);
    }
  }
  const created = timestamp(raw.created) ?? fail("created", "must be a date and time");
  const topic =
    typeof raw.topic === "string" && raw.topic.trim() !== ""
      ? raw.topic.trim()
      : fail("topic", "must be a short name");
  const branch =
    raw.branch === undefined || raw.branch === null
      ? null
      : typeof raw.branch === "string" && raw.branch.trim() !== ""
        ? raw.branch.trim()
        : fail("branch", "must be a branch name");
  const trigger = Trigger.safeParse(raw.trigger ?? "manual");
  if (!trigger.success) fail("trigger", `must be one of ${Trigger.options.join(", ")}`);
  if (typeof raw.restored !== "boolean") fail("restored", "must be true or false");
  const restoredAt =
    raw.restored_at === undefined || raw.restored_at === null
      ? null
      : (timestamp(raw.restored_at) ?? fail("restored_at", "must be a date and time"));
  return {
    schema: HANDOFF_SCHEMA,
    id: id ?? topic,
    created,
    trigger: trigger.data ?? "manual",
    status: raw.restored === true ? "restored" : "open",
    topic,
    branch,
    head: null,
    dirty: null,
    source: emptySource(),
    parent: null,
    claim: null,
    restoredAt,
    supersededBy: null,
    tokens: null,
    redactions: 0,
    origin: "hand-written",
  };
}

/** A date and time as an ISO string; YAML may hand over a Date or a string. */
function timestamp(value: unknown): string | null {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : null;
  if (typeof value !== "string" || !Number.isFinite(Date.parse(value))) return null;
  return value.trim();
}
