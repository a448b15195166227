import type { FailedApproach } from "../../core/handoff.ts";
import { callOutcome } from "./call-outcome.ts";
import { classifyCheck, unwrapShell } from "./classify-check.ts";
import { clipText } from "./clip-text.ts";
import type { ExtractContext, PlacedCall } from "./extract-context.ts";
import { decisionIn } from "./extract-decisions.ts";
import { isFragment, reasonOrNull } from "./is-fragment.ts";
import { messageSentences, splitReason } from "./message-sentences.ts";
import { normalizeText } from "./normalize-text.ts";
import { pickErrorLine } from "./pick-error-line.ts";
import { toRepoPath } from "./to-repo-path.ts";

/** Words with which a writer gives an approach up. */
const GAVE_UP =
  /\b(?:abandon(?:ed|ing)?|gave (?:(?:it|that|this) )?up|giving (?:(?:it|that|this) )?up|dead end|no luck|backed (?:it |that )?out|rolled (?:it |that )?back|scrap(?:ped)?|ditch(?:ed)?|(?:did(?:n't| not)|does(?:n't| not)|won't|will not|would(?:n't| not)) work|(?:that|this) (?:approach|idea|attempt) failed|(?:that|this|which) (?:fails|failed)(?= because\b)|dropped (?:that|this|it|the (?:idea|approach))(?: (?:idea|approach))?)\b/i;
/** What may stand before the give-up words when they point back ("That approach failed"). */
const ANAPHOR =
  /^(?:(?:but|and|so|sadly|unfortunately),?\s+)?(?:(?:that|this|it|which)(?:\s+(?:approach|idea|attempt|plan))?)?$/i;
/** Shell commands that throw work away. */
const DISCARDS =
  /\bgit\s+(?:checkout\s+(?:\S+\s+)?--\s+\S|restore\s+(?!--staged\b)\S|reset\s+--hard\b|revert\s+\S|stash(?:\s+(?:push|save))?\s*$|clean\s+-\S*f)/;
/** Looking around is not an approach, whatever it returns. */
const INSPECTION =
  /^(?:cat|less|ls|echo|grep|rg|ag|find|fd|head|tail|wc|which|type|stat|file|tree|pwd|cd|git\s+(?:status|log|diff|show|branch|rev-parse|remote))\b/;

/**
 * Approaches that were tried and given up, newest last, capped:
 * - claimed: the model's or person's own words ("I first tried X; I abandoned it because Y",
 *   "X. That didn't work.", "… Instead, …"); an anaphoric sentence takes the one before it
 *   as the approach;
 * - verified, from the tool calls: an edit undone by a later edit of the same file, a git
 *   command that discarded changes, and a failed command never made to pass, after which a
 *   different command of the same tool succeeded.
 */
export function extractFailedApproaches(context: ExtractContext): FailedApproach[] | null {
  const limit = context.limits.failedApproaches;
  // Each source yields its newest candidates only: nothing older can survive the cap.
  const candidates = [
    ...fromText(context).slice(-limit),
    ...revertedEdits(context).slice(-limit),
    ...discards(context).slice(-limit),
    ...abandonedCommands(context, limit),
  ].sort((a, b) => a.message - b.message);
  const found: FailedApproach[] = [];
  const seen = new Set<string>();
  for (const { approach, reason, provenance } of candidates) {
    const key = normalizeText(approach);
    if (key === "" || seen.has(key) || isFragment(approach)) continue;
    seen.add(key);
    const kept = reasonOrNull(reason);
    found.push({
      approach: clipText(approach, context.limits.itemChars),
      reason: kept === null ? null : clipText(kept, context.limits.itemChars),
      provenance,
    });
  }
  return found.length === 0 ? null : found.slice(-limit);
}

/** Does a sentence give an approach up? */
export function givesUp(sentence: string): boolean {
  return GAVE_UP.test(sentence) || /^instead\b/i.test(sentence);
}

function fromText(context: ExtractContext): Placed[] {
  const out: Placed[] = [];
  for (const sentence of messageSentences(context)) {
    if (sentence.text.endsWith("?") || decisionIn(sentence.text) !== null) continue;
    const instead = /^instead\b/i.test(sentence.text);
    const signal = instead ? null : GAVE_UP.exec(sentence.text);
    if (!instead && signal === null) continue;
    const { clause: before, between } =
      signal === null ? { clause: "", between: "" } : clauseBefore(sentence.text, signal.index);
    const pointsBack = signal === null || ANAPHOR.test(sentence.text.slice(0, signal.index).trim());
    // "The build didn't work" reports a failure, not an approach: only a clause naming what
    // was tried, or words pointing back to the sentence before, make one.
    const approach = before !== "" ? before : pointsBack ? sentence.previous : null;
    if (approach === null || approach.endsWith("?")) continue;
    const after = signal === null ? "" : sentence.text.slice(signal.index);
    // "X, failed for inputs like Y, and I gave it up": what went wrong is said before the
    // give-up words rather than after a "because".
    const reason = splitReason(after).reason ?? (between === "" ? null : between);
    out.push({
      approach: stripEnd(approach),
      reason,
      provenance: "claimed",
      message: sentence.message,
    });
  }
  return out;
}

/**
 * The clause before the give-up words, when it names the approach ("I tried X; I abandoned
 * it"), and what stands between that clause and the give-up words when it says how the
 * approach failed ("X, failed for Y, and I gave it up").
 */
function clauseBefore(text: string, index: number): { clause: string; between: string } {
  const head = text.slice(0, index);
  let boundary = -1;
  let width = 0;
  for (const mark of [";", ",", " — ", " but "]) {
    const at = head.lastIndexOf(mark);
    if (at > boundary) {
      boundary = at;
      width = mark.length;
    }
  }
  const clause = boundary <= 0 ? "" : head.slice(0, boundary);
  if (clause.trim().split(/\s+/).length < 3) return { clause: "", between: "" };
  const between = stripEnd(
    head
      .slice(boundary + width)
      .replace(/^\s*(?:and|but|so|then)\b/i, "")
      .replace(/(?:\b(?:and|but|so|then))?\s*(?:\b(?:I|we|it|that|this))?\s*$/i, ""),
  );
  return {
    clause: stripEnd(clause),
    between:
      between.split(/\s+/).length >= 2 &&
      /\b(?:fail|broke|break|crash|error|wrong|miss)/i.test(between)
        ? between
        : "",
  };
}

function stripEnd(text: string): string {
  return text.replace(/[\s,;:.—-]+$/, "").trim();
}

/** An approach with the message it was given up in, so text and tool calls sort together. */
interface Placed extends FailedApproach {
  message: number;
}

function editStrings(input: unknown): { from: string; to: string } | null {
  if (typeof input !== "object" || input === null) return null;
  const record = input as Record<string, unknown>;
  const from = record.old_string ?? record.oldString;
  const to = record.new_string ?? record.newString;
  return typeof from === "string" && typeof to === "string" && from !== to ? { from, to } : null;
}

/** Edits undone by a later edit of the same file (its new text back to its old), in one pass. */
function revertedEdits(context: ExtractContext): Placed[] {
  const edits: { placed: PlacedCall; path: string; from: string; to: string }[] = [];
  for (const placed of context.calls) {
    if (placed.call.category !== "edit" || placed.call.isError) continue;
    const strings = editStrings(placed.call.input);
    const path = placed.call.paths[0];
    if (strings !== null && path !== undefined) edits.push({ placed, path, ...strings });
  }
  const key = (path: string, from: string, to: string) => `${path}\0${from}\0${to}`;
  const lastSeq = new Map<string, number>();
  for (const edit of edits) lastSeq.set(key(edit.path, edit.from, edit.to), edit.placed.seq);
  const out: Placed[] = [];
  for (const edit of edits) {
    const undoneAt = lastSeq.get(key(edit.path, edit.to, edit.from));
    if (undoneAt === undefined || undoneAt < edit.placed.seq) continue;
    const shown = toRepoPath(edit.path, context.root, context.session.cwd) ?? edit.path;
    out.push({
      approach: `Edit of ${shown} replacing \`${clipText(edit.from, 60)}\` with \`${clipText(edit.to, 60)}\`, later undone`,
      reason: null,
      provenance: "verified",
      message: edit.placed.message,
    });
  }
  return out;
}

function discards(context: ExtractContext): Placed[] {
  return context.calls
    .filter((placed) => {
      const command = placed.call.command;
      return command !== null && !isFailure(placed) && DISCARDS.test(command);
    })
    .map((placed) => ({
      approach: `Changes discarded with \`${clipText(unwrapShell(placed.call.command as string), 120)}\``,
      reason: null,
      provenance: "verified" as const,
      message: placed.message,
    }));
}

/**
 * A failed command that never passed later, followed by a different command of the same
 * tool that passed: the agent changed approach. A check that failed and was fixed is not
 * one (the same command passed), and neither is a look around that found nothing.
 */
function abandonedCommands(context: ExtractContext, limit: number): Placed[] {
  const shells = context.calls
    .filter((placed) => placed.call.command !== null && callOutcome(placed.call) !== "unfinished")
    .map((placed) => {
      const command = unwrapShell(placed.call.command as string).trim();
      return { placed, command, tool: command.split(/\s+/)[0] ?? "", failed: isFailure(placed) };
    });
  // Walking backwards, each command knows whether it passes later and what passed next.
  const passesLater = new Set<string>();
  const nextPass = new Map<string, (typeof shells)[number]>();
  const out: Placed[] = [];
  for (let i = shells.length - 1; i >= 0 && out.length < limit; i--) {
    const shell = shells[i] as (typeof shells)[number];
    if (!shell.failed) {
      passesLater.add(shell.command);
      nextPass.set(shell.tool, shell);
      continue;
    }
    if (passesLater.has(shell.command)) continue;
    if (INSPECTION.test(shell.command) || classifyCheck(shell.command) !== null) continue;
    // The next success of the same tool is a different command: this one never passed later.
    const switched = nextPass.get(shell.tool);
    if (switched === undefined) continue;
    out.push({
      approach: `\`${clipText(shell.command, 120)}\` (exit ${shell.placed.call.exitCode ?? "error"}), replaced by \`${clipText(switched.command, 120)}\``,
      reason: pickErrorLine(shell.placed.call.output),
      provenance: "verified",
      message: shell.placed.message,
    });
  }
  return out.reverse();
}

function isFailure(placed: PlacedCall): boolean {
  return callOutcome(placed.call) === "failed";
}
