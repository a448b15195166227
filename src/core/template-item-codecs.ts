import { type ItemCodec, readValue } from "./document-text.ts";
import type { FileToRead, ModifiedFile, Provenance } from "./handoff.ts";
import { fileToReadCodec, type LIST_CODECS, modifiedFileCodec } from "./item-codecs.ts";

/**
 * The item shapes seed 004's template uses where baton's own are stricter: a bare path under
 * Modified Files (`- hooks/handoff-create`), a path with its reason in parentheses under
 * Files to Read (`` - `plan.md` (Claude Code plan) ``), and a `(none in this session)` item
 * for an empty list. baton's own shape is tried first, so nothing it writes reads otherwise.
 */

/** `- (none in this session)` or `- none`: the list is empty ("None of the tests pass" is an item). */
export const TEMPLATE_NONE_ITEM = /^(?:\(\s*none\b[^()]*\)|none)\.?$/i;

/** A path, bare or in backticks, and optionally a note in parentheses after it. */
const PATH_WITH_NOTE = /^(?<path>`[^`]+`|[^\s()`]+)(?:\s+\((?<note>[^()]+)\))?$/;

function withFallback<T>(
  strict: ItemCodec<T>,
  loose: (text: string, provenance: Provenance) => T | null,
): ItemCodec<T> {
  return {
    render: strict.render,
    parse: (text, provenance, fail) => {
      const miss = new Error("not baton's shape");
      try {
        return strict.parse(text, provenance, () => {
          throw miss;
        });
      } catch (error) {
        if (error !== miss) throw error;
      }
      return (
        loose(text.trim(), provenance) ?? strict.parse(text, provenance, fail) // names baton's shape in the error
      );
    },
  };
}

function pathAndNote(text: string): { path: string; note: string | null } | null {
  const match = PATH_WITH_NOTE.exec(text);
  const raw = match?.groups?.path;
  if (raw === undefined) return null;
  const path = readValue(raw, 0, /.+/y)?.value ?? "";
  return path === "" ? null : { path, note: match?.groups?.note?.trim() || null };
}

/** A file named without its change: the author says it was changed, not how. */
const templateModifiedFile = withFallback<ModifiedFile>(modifiedFileCodec, (text, provenance) => {
  const found = pathAndNote(text);
  if (found === null) return null;
  return { path: found.path, change: "modified", state: null, from: null, provenance };
});

const templateFileToRead = withFallback<FileToRead>(fileToReadCodec, (text, provenance) => {
  const found = pathAndNote(text);
  if (found === null) return null;
  return { path: found.path, reason: found.note, provenance };
});

export const TEMPLATE_CODECS: Partial<typeof LIST_CODECS> = {
  modifiedFiles: templateModifiedFile,
  filesToRead: templateFileToRead,
};
