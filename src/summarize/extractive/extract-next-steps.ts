import type { Fact } from "../../core/handoff.ts";
import { callOutcome } from "./call-outcome.ts";
import { classifyCheck } from "./classify-check.ts";
import { clipText } from "./clip-text.ts";
import type { ExtractContext } from "./extract-context.ts";
import { normalizeText } from "./normalize-text.ts";
import { splitSentences } from "./split-sentences.ts";

/** How a writer announces what comes next. */
const NEXT =
  /^(?:next(?: steps?)?\b|then\b|after that\b|remaining\b|still (?:need|to do)\b|todo\b|(?:I|we)(?:'ll| will) (?:next|then|now)\b|(?:I|we) still (?:need|have) to\b|the next (?:step|thing)\b)/i;
/** Only the model's last few messages speak for where it stands. */
const LAST_MESSAGES = 2;

/**
 * What to do next: the open todos first (in progress, then pending; verified, from the
 * todo store), then the next step the model stated in its last messages, after the
 * person's last request, in its last two messages with text (claimed). A question is not
 * a step: it is an open question. Failing both, the pending work a compaction summary
 * names, when nothing was asked after that compaction (claimed), less what the session
 * did after the compaction: a step the model since said it finished, or one that runs a
 * kind of check whose latest run since passed ("not yet compiled" before a passing build).
 */
export function extractNextSteps(context: ExtractContext): Fact[] | null {
  const steps: Fact[] = [];
  const seen = new Set<string>();
  const add = (text: string, provenance: Fact["provenance"]) => {
    const key = normalizeText(text);
    if (key === "" || seen.has(key)) return;
    seen.add(key);
    steps.push({ text: clipText(text, context.limits.itemChars), provenance });
  };
  const todos = context.session.todos ?? [];
  for (const todo of todos) if (todo.status === "in_progress") add(todo.text, "verified");
  for (const todo of todos) if (todo.status === "pending") add(todo.text, "verified");
  for (const sentence of statedNextSteps(context)) add(sentence, "claimed");
  if (steps.length === 0) for (const step of stepsOfLastCompaction(context)) add(step, "claimed");
  return steps.length === 0 ? null : steps.slice(0, context.limits.nextSteps);
}

function statedNextSteps(context: ExtractContext): string[] {
  const stated: string[] = [];
  let looked = 0;
  for (let i = context.messages.length - 1; i >= 0; i--) {
    const message = context.messages[i];
    if (message === undefined || context.userKinds[i] === "request") break;
    if (message.role !== "assistant" || message.text.trim() === "") continue;
    if (++looked > LAST_MESSAGES) break;
    // "Next reset date" names a thing, not a step: a step says what to do (4 words or more).
    const found = splitSentences(message.text).filter(
      (sentence) =>
        !sentence.endsWith("?") && NEXT.test(sentence) && sentence.split(/\s+/).length >= 4,
    );
    stated.unshift(...found);
  }
  return stated;
}

/** The "Pending Tasks" / "Next Step" part of the last compaction summary, as items. */
function stepsOfLastCompaction(context: ExtractContext): string[] {
  const last = context.session.compactions.at(-1);
  if (last === undefined) return [];
  const lastRequest = context.messages.findLast((_, i) => context.userKinds[i] === "request");
  if (last.at !== null && lastRequest?.at != null && lastRequest.at > last.at) return [];
  const match =
    /(?:Optional Next Step|Next Steps?|Pending(?: Tasks)?|Remaining(?: Work)?)\s*(?::|\n)\s*([\s\S]*?)(?=\n\s*(?:\d+\.\s|#{1,6}\s)|\n\s*\n\S|$)/i.exec(
      last.text,
    );
  const body = match?.[1]?.trim();
  if (!body || /^(?:none|n\/a|nothing)\b/i.test(body)) return [];
  const bullets = body
    .split("\n")
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "").trim())
    .filter((line) => line !== "");
  const steps = bullets.length > 1 ? bullets : [body.replace(/\s+/g, " ")];
  const since = afterCompaction(context, last.at);
  return steps.filter((step) => !doneSince(step, since));
}

/** What the session did after a compaction: the model's sentences and the checks it ran. */
interface SinceCompaction {
  said: string[][];
  /** The kinds of check whose latest run since the compaction passed. */
  passed: Set<string>;
}

function afterCompaction(context: ExtractContext, at: string | null): SinceCompaction {
  const since = (index: number) => {
    const messageAt = context.messages[index]?.at ?? null;
    return at === null || messageAt === null || messageAt > at;
  };
  const said: string[][] = [];
  context.messages.forEach((message, index) => {
    if (message.role !== "assistant" || !since(index)) return;
    for (const sentence of splitSentences(message.text)) {
      if (DONE.test(sentence)) said.push(words(sentence));
    }
  });
  // Calls are in session order: the last run of each kind of check decides.
  const latest = new Map<string, boolean>();
  for (const placed of context.calls) {
    if (placed.call.command === null || !since(placed.message)) continue;
    const kind = classifyCheck(placed.call.command);
    const outcome = callOutcome(placed.call);
    if (kind !== null && outcome !== "unfinished") latest.set(kind, outcome === "passed");
  }
  return { said, passed: new Set([...latest].filter(([, ok]) => ok).map(([kind]) => kind)) };
}

/** A sentence that reports work finished. */
const DONE =
  /\b(?:done|completed?|finished|fixed|resolved|implemented|added|removed|deleted|updated|written|committed|merged|compiled?s?|builds?|passe[sd]|passing|succeed(?:s|ed)?|works|working now)\b|✅/i;

/** Which kind of check a step waits for: "compile", "run the tests", "fix the lint". */
const STEP_CHECK: ReadonlyArray<readonly [string, RegExp]> = [
  ["test", /\btests?\b|\bspecs?\b/i],
  ["build", /\bcompiled?\b|\bcompil(?:e|ing|ation)\b|\bbuilds?\b|\bbuilt\b/i],
  ["typecheck", /\btype ?checks?\b|\btypes?\b/i],
  ["lint", /\blint\w*\b/i],
];

function doneSince(step: string, since: SinceCompaction): boolean {
  // A build error shows in a test run too: tests that pass mean it compiles.
  const checks = STEP_CHECK.filter(([, pattern]) => pattern.test(step)).map(([kind]) => kind);
  if (
    checks.length > 0 &&
    checks.every(
      (kind) =>
        since.passed.has(kind) ||
        ((kind === "build" || kind === "typecheck") && since.passed.has("test")),
    )
  ) {
    return true;
  }
  // The model said it finished this: most of the step's own words in one sentence of its report.
  const own = words(step).filter((word) => word.length > 3);
  if (own.length === 0) return false;
  return since.said.some((sentence) => {
    const have = new Set(sentence);
    return own.filter((word) => have.has(word)).length / own.length >= 0.6;
  });
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}.]+/u)
    .filter((word) => word !== "");
}
