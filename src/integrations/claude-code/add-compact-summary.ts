import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { BatonError } from "../../core/errors.ts";
import type { Fact, Handoff } from "../../core/handoff.ts";
import { parseDocument, safeParseDocument } from "../../core/parse-document.ts";
import { renderDocument } from "../../core/render-document.ts";
import { resolveHandoffDir } from "../../store/resolve-handoff-dir.ts";
import { withLock } from "../../store/with-lock.ts";
import { replaceFile } from "../../store/write-file-atomic.ts";
import { cacheHandoffPrompt } from "./cache-prompt.ts";
import type { HookContext } from "./hook-context.ts";
import { locateRepo } from "./locate-repo.ts";
import type { HookInput } from "./read-hook-input.ts";
import { scanHandoffs } from "./scan-handoffs.ts";

/** Enough of Claude's summary to be a second opinion; the transcript keeps all of it. */
const MAX_SUMMARY_CHARS = 1500;
export const COMPACT_SUMMARY_LEAD = "Claude Code's own compaction summary:";

/**
 * PostCompact (Claude Code 2.1.197 sends it after SessionStart(compact), with
 * `compact_summary`): keeps Claude's summary in the handoff this compaction's PreCompact
 * wrote, as a claimed Current State note, and refreshes its cached prompt. Returns the
 * revised handoff's id, or null when this session has no live compaction handoff.
 */
export async function addCompactSummary(
  input: HookInput,
  context: HookContext,
): Promise<string | null> {
  const summary = input.compactSummary === null ? "" : condenseSummary(input.compactSummary);
  if (summary === "" || input.sessionId === null) return null;
  const repo = locateRepo(input.cwd ?? context.cwd);
  const dir = resolveHandoffDir(repo.root, undefined, { ...context.env });
  const head = scanHandoffs(dir).find(
    (candidate) =>
      candidate.sourceSession === input.sessionId &&
      candidate.trigger === "compact" &&
      (candidate.status === "open" || candidate.status === "claimed"),
  );
  if (head === undefined) return null;
  const note: Fact = { text: `${COMPACT_SUMMARY_LEAD} ${summary}`, provenance: "claimed" };
  const revised = await reviseDocument(dir, head.id, head.path, (handoff) => ({
    ...handoff,
    sections: {
      ...handoff.sections,
      currentState: [
        ...(handoff.sections.currentState ?? []).filter(
          (fact) => !fact.text.startsWith(COMPACT_SUMMARY_LEAD),
        ),
        note,
      ],
    },
  }));
  cacheHandoffPrompt(revised, head.path, repo.root, context.env);
  return revised.id;
}

/** The `<summary>` part when there is one (the `<analysis>` part is the model's scratch), on one line. */
export function condenseSummary(text: string): string {
  const inner = /<summary>([\s\S]*?)(?:<\/summary>|$)/.exec(text)?.[1] ?? text;
  const flat = inner
    .replace(/<analysis>[\s\S]*?<\/analysis>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length <= MAX_SUMMARY_CHARS ? flat : `${flat.slice(0, MAX_SUMMARY_CHARS - 1)}…`;
}

/**
 * Read-modify-write of a live handoff document under the store's per-handoff lock (the
 * same `.<id>.lock` the store takes), so a concurrent claim or archive is never lost.
 */
async function reviseDocument(
  dir: string,
  id: string,
  path: string,
  change: (handoff: Handoff) => Handoff,
): Promise<Handoff> {
  return withLock(join(dir, `.${id}.lock`), async () => {
    const handoff = change(parseDocument(await readFile(path, "utf8"), { path }));
    const text = renderDocument(handoff);
    const back = safeParseDocument(text);
    if (!back.ok) {
      throw new BatonError("schema", `${id} would not read back: ${back.error.message}`);
    }
    await replaceFile(path, text);
    return handoff;
  });
}
