import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { BatonError } from "../core/errors.ts";
import type { Sections } from "../core/handoff.ts";
import { parseDocument } from "../core/parse-document.ts";
import { renderDocument } from "../core/render-document.ts";
import type { HandoffDraft } from "../summarize/build-handoff.ts";
import type { CliIo } from "./cli-io.ts";

/**
 * The review step before a handoff is written: the draft opens in the person's editor
 * ($VISUAL, else $EDITOR) as the document it will be, and what they save is what gets
 * written. The frontmatter's captured facts (branch, head, source…) stay as captured;
 * the sections and the topic are theirs to change. An item they changed is no longer a
 * verified fact but their claim. Quitting the editor with an error, or emptying the
 * draft, writes nothing; a draft that does not parse is kept, and the error names its line.
 */
export function reviewDraft(io: CliIo, draft: HandoffDraft, likelyId: string): HandoffDraft {
  const editor = io.env.VISUAL || io.env.EDITOR;
  if (!editor) {
    throw new BatonError("usage", "--review opens the draft in your editor: set VISUAL or EDITOR");
  }
  const dir = mkdtempSync(join(tmpdir(), "baton-review-"));
  const file = join(dir, `${likelyId}.md`);
  writeFileSync(file, renderDocument({ ...draft, id: likelyId }));
  // Through the shell, as git runs editors: $EDITOR may hold arguments ("code --wait").
  const run = spawnSync("sh", ["-c", `${editor} "$1"`, "baton-review", file], {
    cwd: io.cwd,
    env: { ...io.env },
    stdio: "inherit",
  });
  if (run.error || run.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const why =
      run.error?.message ??
      (run.signal ? `was stopped (${run.signal})` : `exited with ${run.status}`);
    throw new BatonError("cancelled", `review cancelled: the editor ${why}; nothing written`);
  }
  const text = readFileSync(file, "utf8");
  if (text.trim() === "") {
    rmSync(dir, { recursive: true, force: true });
    throw new BatonError("cancelled", "review cancelled: the draft was emptied; nothing written");
  }
  let edited: ReturnType<typeof parseDocument>;
  try {
    edited = parseDocument(text, { path: file });
  } catch (error) {
    if (!BatonError.is(error)) throw error;
    throw new BatonError(
      error.code,
      `${error.message} (nothing written; your edited draft is kept at ${file})`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    ...draft,
    topic: edited.topic,
    sections: asClaimedWhereChanged(edited.sections, draft.sections),
  };
}

/** A verified item the person changed is their claim now; untouched ones stay verified. */
function asClaimedWhereChanged(edited: Sections, captured: Sections): Sections {
  const result = { ...edited } as Record<keyof Sections, unknown>;
  for (const name of Object.keys(edited) as (keyof Sections)[]) {
    const before = captured[name];
    const after = edited[name];
    if (after === null) continue;
    const kept = (item: { provenance: string }) =>
      Array.isArray(before)
        ? before.some((old) => isDeepStrictEqual(old, item))
        : isDeepStrictEqual(before, item);
    const claim = <T extends { provenance: string }>(item: T): T =>
      item.provenance === "verified" && !kept(item) ? { ...item, provenance: "claimed" } : item;
    result[name] = Array.isArray(after) ? after.map(claim) : claim(after);
  }
  return result as Sections;
}
