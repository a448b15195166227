import type { FailedApproach } from "../../core/handoff.ts";
import { classifyCheck, unwrapShell } from "./classify-check.ts";
import { clipText } from "./clip-text.ts";
import type { ExtractContext, PlacedCall } from "./extract-context.ts";
import { decisionIn } from "./extract-decisions.ts";
import { messageSentences, splitReason } from "./message-sentences.ts";
import { normalizeText } from "./normalize-text.ts";
import { pickErrorLine } from "./pick-error-line.ts";
import { toRepoPath } from "./to-repo-path.ts";

/** Words with which a writer gives an approach up. */
const GAVE_UP =
  /\b(?:abandon(?:ed|ing)?|gave up|giving up|dead end|no luck|backed (?:it |that )?out|rolled (?:it |that )?back|scrap(?:ped)?|ditch(?:ed)?|(?:did(?:n't| not)|does(?:n't| not)|won't|will not|would(?:n't| not)) work|(?:that|this|it) (?:approach )?failed|dropped (?:that|this|the) (?:idea|approach))\b/i;
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
  const found: FailedApproach[] = [];
  const seen = new Set<string>();
  const add = (approach: FailedApproach) => {
    const key = normalizeText(approach.approach);
    if (key === "" || seen.has(key)) return;
    seen.add(key);
    found.push({
      approach: clipText(approach.approach, context.limits.itemChars),
      reason: approach.reason === null ? null : clipText(approach.reason, context.limits.itemChars),
      provenance: approach.provenance,
    });
  };
  for (const approach of fromText(context)) add(approach);
  for (const approach of fromToolCalls(context)) add(approach);
  if (found.length === 0) return null;
  return found.slice(-context.limits.failedApproaches);
}

/** Does a sentence give an approach up? */
export function givesUp(sentence: string): boolean {
  return GAVE_UP.test(sentence) || /^instead\b/i.test(sentence);
}

function fromText(context: ExtractContext): FailedApproach[] {
  const out: FailedApproach[] = [];
  for (const sentence of messageSentences(context)) {
    if (sentence.text.endsWith("?") || decisionIn(sentence.text) !== null) continue;
    const instead = /^instead\b/i.test(sentence.text);
    const signal = instead ? null : GAVE_UP.exec(sentence.text);
    if (!instead && signal === null) continue;
    const before = signal === null ? "" : clauseBefore(sentence.text, signal.index);
    const approach = before !== "" ? before : sentence.previous;
    if (approach === null || approach.endsWith("?")) continue;
    const after = signal === null ? "" : sentence.text.slice(signal.index);
    const { reason } = splitReason(after);
    out.push({ approach: stripEnd(approach), reason, provenance: "claimed" });
  }
  return out;
}

/** The clause before the give-up words, when it names the approach ("I tried X; I abandoned it"). */
function clauseBefore(text: string, index: number): string {
  const head = text.slice(0, index);
  const boundary = Math.max(
    head.lastIndexOf(";"),
    head.lastIndexOf(","),
    head.lastIndexOf(" — "),
    head.lastIndexOf(" but "),
  );
  const clause = boundary <= 0 ? "" : head.slice(0, boundary);
  return clause.trim().split(/\s+/).length >= 3 ? stripEnd(clause) : "";
}

function stripEnd(text: string): string {
  return text.replace(/[\s,;:.—-]+$/, "").trim();
}

function fromToolCalls(context: ExtractContext): FailedApproach[] {
  return [...revertedEdits(context), ...discards(context), ...abandonedCommands(context)].sort(
    (a, b) => a.seq - b.seq,
  );
}

interface Sequenced extends FailedApproach {
  seq: number;
}

function editStrings(input: unknown): { from: string; to: string } | null {
  if (typeof input !== "object" || input === null) return null;
  const record = input as Record<string, unknown>;
  const from = record.old_string ?? record.oldString;
  const to = record.new_string ?? record.newString;
  return typeof from === "string" && typeof to === "string" && from !== to ? { from, to } : null;
}

function revertedEdits(context: ExtractContext): Sequenced[] {
  const out: Sequenced[] = [];
  const edits = context.calls.filter(
    (placed) => placed.call.category === "edit" && !placed.call.isError,
  );
  edits.forEach((earlier, index) => {
    const strings = editStrings(earlier.call.input);
    const path = earlier.call.paths[0];
    if (strings === null || path === undefined) return;
    const undone = edits.slice(index + 1).some((later) => {
      const back = editStrings(later.call.input);
      return later.call.paths[0] === path && back?.from === strings.to && back.to === strings.from;
    });
    if (!undone) return;
    const shown = toRepoPath(path, context.root) ?? path;
    out.push({
      approach: `Edit of ${shown} replacing \`${clipText(strings.from, 60)}\` with \`${clipText(strings.to, 60)}\`, later undone`,
      reason: null,
      provenance: "verified",
      seq: earlier.seq,
    });
  });
  return out;
}

function discards(context: ExtractContext): Sequenced[] {
  return context.calls
    .filter((placed) => {
      const command = placed.call.command;
      return command !== null && !isFailure(placed) && DISCARDS.test(command);
    })
    .map((placed) => ({
      approach: `Changes discarded with \`${clipText(unwrapShell(placed.call.command as string), 120)}\``,
      reason: null,
      provenance: "verified" as const,
      seq: placed.seq,
    }));
}

/**
 * A failed command that never passed later, followed by a different command of the same
 * tool that passed: the agent changed approach. A check that failed and was fixed is not
 * one (the same command passed), and neither is a look around that found nothing.
 */
function abandonedCommands(context: ExtractContext): Sequenced[] {
  const shells = context.calls.filter((placed) => placed.call.command !== null);
  const out: Sequenced[] = [];
  shells.forEach((placed, index) => {
    if (!isFailure(placed)) return;
    const command = unwrapShell(placed.call.command as string).trim();
    if (INSPECTION.test(command) || classifyCheck(command) !== null) return;
    const later = shells.slice(index + 1);
    const tool = command.split(/\s+/)[0];
    if (later.some((other) => sameCommand(other, command) && !isFailure(other))) return;
    const switched = later.find(
      (other) =>
        !isFailure(other) &&
        !sameCommand(other, command) &&
        unwrapShell(other.call.command as string)
          .trim()
          .split(/\s+/)[0] === tool,
    );
    if (switched === undefined) return;
    const error = pickErrorLine(placed.call.output);
    out.push({
      approach: `\`${clipText(command, 120)}\` (exit ${placed.call.exitCode ?? "error"}), replaced by \`${clipText(unwrapShell(switched.call.command as string).trim(), 120)}\``,
      reason: error,
      provenance: "verified",
      seq: placed.seq,
    });
  });
  return out;
}

function sameCommand(placed: PlacedCall, command: string): boolean {
  return unwrapShell(placed.call.command as string).trim() === command;
}

function isFailure(placed: PlacedCall): boolean {
  const { exitCode, isError } = placed.call;
  return exitCode !== null ? exitCode !== 0 : isError;
}
