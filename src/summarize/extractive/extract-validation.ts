import type { Validation } from "../../core/handoff.ts";
import { callOutcome } from "./call-outcome.ts";
import { classifyCheck, unwrapShell } from "./classify-check.ts";
import { clipText } from "./clip-text.ts";
import type { ExtractContext, PlacedCall } from "./extract-context.ts";
import { pickErrorLine, pickFailingTest } from "./pick-error-line.ts";

/** Commands that move HEAD or rewrite the tree: a run before one of them ran on another tree. */
const MOVES_HEAD =
  /\bgit\s+(?:-C\s+\S+\s+)?(?:commit|checkout|switch|reset|rebase|merge|pull|cherry-pick|revert|stash|am)\b/;

/**
 * The last run of each check (test, lint, typecheck, build, or a command the person named
 * in a request), and before it the last failed run when a later one passed, so the receiver
 * sees both what broke and that it was fixed. The session's last failed shell command is
 * kept too, whatever it ran (`python3 -c "…"` as a check, a script), unless a later run of
 * it passed: the next session needs to know what was failing when this one stopped. Each run carries its exit code and time, the
 * commit and dirty state it ran against (when the session's own history lets us know them)
 * and, for a failure, the distinctive error line. All verified: read from recorded runs.
 */
export function extractValidation(context: ExtractContext): Validation[] | null {
  // A blank command names nothing to check (and would render as an empty code span).
  const shells = context.calls.filter(
    (placed) => placed.call.command !== null && keyOf(placed.call.command) !== "",
  );
  if (shells.length === 0) return null;
  const named = commandsNamedByPerson(context);
  const byCommand = new Map<string, PlacedCall[]>();
  for (const placed of shells) {
    const key = keyOf(placed.call.command as string);
    const list = byCommand.get(key) ?? [];
    list.push(placed);
    byCommand.set(key, list);
  }
  const lastFailed = shells.findLast(failed);
  const lastFailedKey = lastFailed === undefined ? null : keyOf(lastFailed.call.command as string);
  const runs: PlacedCall[][] = [];
  for (const [key, list] of byCommand) {
    // A failed command the agent ran again is one it was trying to make pass.
    const retried = list.length > 1 && list.some(failed);
    const failingAtEnd = key === lastFailedKey && failed(list.at(-1) as PlacedCall);
    if (classifyCheck(key) !== null || named.has(key) || retried || failingAtEnd) runs.push(list);
  }
  if (runs.length === 0) return null;

  const chosen: PlacedCall[] = [];
  for (const list of runs) {
    const last = list.at(-1) as PlacedCall;
    if (!failed(last)) {
      const lastFailure = list.findLast(failed);
      if (lastFailure !== undefined) chosen.push(lastFailure);
    }
    chosen.push(last);
  }
  chosen.sort((a, b) => a.seq - b.seq);
  return chosen.slice(-context.limits.validation).map((placed) => toValidation(context, placed));
}

function failed(placed: PlacedCall): boolean {
  return callOutcome(placed.call) === "failed";
}

function keyOf(command: string): string {
  return unwrapShell(command).replace(/\s+/g, " ").trim();
}

/** Commands the person quoted in backticks, e.g. "make `npm run check` pass". */
function commandsNamedByPerson(context: ExtractContext): Set<string> {
  const named = new Set<string>();
  context.messages.forEach((message, index) => {
    if (context.userKinds[index] !== "request") return;
    for (const match of message.text.matchAll(/`([^`\n]{2,200})`/g)) {
      named.add((match[1] as string).replace(/\s+/g, " ").trim());
    }
  });
  const first = context.session.firstUserMessage;
  if (first !== null) {
    for (const match of first.text.matchAll(/`([^`\n]{2,200})`/g)) {
      named.add((match[1] as string).replace(/\s+/g, " ").trim());
    }
  }
  return named;
}

function toValidation(context: ExtractContext, placed: PlacedCall): Validation {
  const { call } = placed;
  const tree = treeAtRun(context, placed);
  const errorLine = failed(placed) ? withFailingTest(call.output) : null;
  return {
    command: clipText(keyOf(call.command as string), context.limits.itemChars),
    exitCode: call.exitCode,
    at: call.at,
    head: tree.head,
    dirty: tree.dirty,
    errorLine: errorLine === null ? null : clipText(errorLine, context.limits.itemChars),
    provenance: "verified",
  };
}

/**
 * The commit and dirty state a run saw, as far as the session's own record tells: the
 * current HEAD when nothing in the session moved it since; dirty when the session had
 * changed files (since its last commit) before the run, or, with no change after the run,
 * whatever git says now. Unknown (null) otherwise, never guessed.
 */
function treeAtRun(
  context: ExtractContext,
  placed: PlacedCall,
): { head: string | null; dirty: boolean | null } {
  const { git, calls } = context;
  if (!git.inRepo) return { head: null, dirty: null };
  let changedBefore = false;
  let changedAfter = false;
  for (const other of calls) {
    const command = other.call.command;
    if (command !== null && MOVES_HEAD.test(command)) {
      if (other.seq > placed.seq) return { head: null, dirty: null };
      changedBefore = false;
      continue;
    }
    if (other.call.category !== "write" && other.call.category !== "edit") continue;
    if (other.seq < placed.seq) changedBefore = true;
    else if (other.seq > placed.seq) changedAfter = true;
  }
  const dirty = changedBefore ? true : changedAfter ? null : git.dirty;
  return { head: git.head, dirty };
}

/** The error line, and the test that failed when the line does not name it: both are needed. */
function withFailingTest(output: string | null): string | null {
  const errorLine = pickErrorLine(output);
  const test = pickFailingTest(output);
  if (test === null || errorLine?.includes(test)) return errorLine;
  if (errorLine === null) return `test failed: ${test}`;
  return `${errorLine} (test: ${test})`;
}
