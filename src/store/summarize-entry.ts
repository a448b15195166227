import type { ListEntry } from "./open-store.ts";

/** One handoff of a listing as data: what `baton list --json` and `list_handoffs` give. */
export function summarizeEntry(entry: ListEntry & { ok: true }) {
  const { handoff } = entry;
  return {
    id: entry.id,
    path: entry.path,
    archived: entry.archived,
    status: handoff.status,
    branch: handoff.branch,
    head: handoff.head,
    topic: handoff.topic,
    created: handoff.created,
    trigger: handoff.trigger,
    goal: handoff.sections.goal?.text ?? null,
    parent: handoff.parent,
    claimedBy: handoff.claim?.session ?? null,
    origin: handoff.origin ?? "baton",
  };
}
