import type { Fact } from "../../core/handoff.ts";
import { callOutcome } from "./call-outcome.ts";
import { unwrapShell } from "./classify-check.ts";
import { clipText } from "./clip-text.ts";
import type { ExtractContext } from "./extract-context.ts";
import { decisionIn } from "./extract-decisions.ts";
import { givesUp } from "./extract-failed-approaches.ts";
import { changedByModel } from "./extract-modified-files.ts";
import { isFragment } from "./is-fragment.ts";
import { splitSentences } from "./split-sentences.ts";
import { toRepoPath } from "./to-repo-path.ts";

/**
 * Where the work stands, most telling first (the prompt keeps the first notes when it
 * must cut):
 * - an operation git has stopped in (rebase, merge, …) (verified);
 * - the model's last report, its statements without the questions (claimed);
 * - what the last subagent was asked and reported (claimed: a model's report);
 * - the session's last successful steps (edits, writes, commands that exited 0), then what
 *   it changed in all, with counts, in one line (verified, from its tool calls).
 */
export function extractCurrentState(context: ExtractContext): Fact[] | null {
  const { git } = context;
  const operation =
    git.operation === null
      ? null
      : `A git ${git.operation} is in progress${git.operationBranch === null ? "" : ` (started from ${git.operationBranch})`}`;
  const facts: Fact[] = [
    { text: operation, provenance: "verified" as const },
    { text: lastReport(context), provenance: "claimed" as const },
    { text: lastSubagent(context), provenance: "claimed" as const },
    { text: describeWork(context), provenance: "verified" as const },
  ].flatMap(({ text, provenance }) =>
    text === null ? [] : [{ text: clipText(text, context.limits.itemChars), provenance }],
  );
  return facts.length === 0 ? null : facts.slice(0, context.limits.currentState);
}

/** "Last steps: …; in all, created 2 files and changed 1 (4 writes and edits)". */
function describeWork(context: ExtractContext): string | null {
  const steps = lastSteps(context);
  const changes = describeChanges(context);
  if (steps === null) return changes === null ? null : `In all, ${changes}`;
  return changes === null ? `Last steps: ${steps}` : `Last steps: ${steps}; in all, ${changes}`;
}

function describeChanges(context: ExtractContext): string | null {
  const touched = changedByModel(context).filter(
    (touch) => toRepoPath(touch.path, context.root, context.session.cwd) !== null,
  );
  if (touched.length === 0) return null;
  let created = 0;
  let edited = 0;
  let deleted = 0;
  for (const touch of touched) {
    if (touch.kinds.includes("deleted")) deleted++;
    else if (touch.kinds.includes("created")) created++;
    else edited++;
  }
  const changes = context.calls.filter(
    (placed) =>
      (placed.call.category === "write" || placed.call.category === "edit") && !placed.call.isError,
  ).length;
  const parts: string[] = [];
  if (created > 0) parts.push(`created ${plural(created, "file")}`);
  if (edited > 0) parts.push(`changed ${created > 0 ? edited : plural(edited, "file")}`);
  if (deleted > 0)
    parts.push(`deleted ${created + edited > 0 ? deleted : plural(deleted, "file")}`);
  const last = parts.pop() as string;
  const text = parts.length === 0 ? last : `${parts.join(", ")} and ${last}`;
  return changes > 0 ? `${text} (${plural(changes, "write or edit", "writes and edits")})` : text;
}

/**
 * The session's last three steps, oldest first: what it wrote and edited, and the commands
 * it ran with their exit codes (a failed run is a step too: it is often where the session
 * stopped). A failed write or edit changed nothing and is not one.
 */
function lastSteps(context: ExtractContext): string | null {
  const steps: string[] = [];
  for (let i = context.calls.length - 1; i >= 0 && steps.length < 3; i--) {
    const { call } = context.calls[i] as (typeof context.calls)[number];
    const outcome = callOutcome(call);
    if (outcome === "unfinished" || (outcome === "failed" && call.command === null)) continue;
    let step: string | null = null;
    if (call.command !== null) {
      const exit = call.exitCode ?? (outcome === "failed" ? "non-zero" : 0);
      step = `ran \`${clipText(unwrapShell(call.command).trim(), 60)}\` (exit ${exit})`;
    } else if (call.category === "write" || call.category === "edit") {
      const path = call.paths[0];
      // Outside the repository (or a repository moved since), the session's folder still
      // gives a short name.
      const shown =
        path === undefined
          ? null
          : (toRepoPath(path, context.root, context.session.cwd) ??
            toRepoPath(path, context.session.cwd) ??
            path);
      if (shown !== null) step = `${call.category === "write" ? "wrote" : "edited"} ${shown}`;
    }
    if (step !== null && !steps.includes(step)) steps.unshift(step);
  }
  return steps.length === 0 ? null : steps.join(", ");
}

/** The last subagent's task and the first line of its answer. */
function lastSubagent(context: ExtractContext): string | null {
  for (let i = context.calls.length - 1; i >= 0; i--) {
    const { call } = context.calls[i] as (typeof context.calls)[number];
    if (call.category !== "task" || call.isError) continue;
    const input = (call.input ?? {}) as Record<string, unknown>;
    const task = [input.description, input.prompt].find((value) => typeof value === "string");
    const answer = (call.output ?? "")
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line !== "" && !/^agentId:/.test(line) && !isFragment(line));
    if (typeof task !== "string" || answer === undefined) continue;
    return `Subagent "${clipText(task, 80)}" reported: ${answer}`;
  }
  return null;
}

/**
 * The statements of the model's last message with text, after the last request. Decisions
 * and given-up approaches have their own sections; questions are open questions.
 */
function lastReport(context: ExtractContext): string | null {
  for (let i = context.messages.length - 1; i >= 0; i--) {
    const message = context.messages[i];
    if (message === undefined || context.userKinds[i] === "request") return null;
    if (message.role !== "assistant" || message.model === "<synthetic>") continue;
    const statements = splitSentences(message.text).filter(
      (s) => !s.endsWith("?") && decisionIn(s) === null && !givesUp(s),
    );
    if (statements.length > 0) return statements.slice(0, 2).join(" ");
  }
  return null;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
