import type { Fact } from "../../core/handoff.ts";
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
 * names, when nothing was asked after that compaction (claimed).
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
    const found = splitSentences(message.text).filter(
      (sentence) => !sentence.endsWith("?") && NEXT.test(sentence),
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
  return bullets.length > 1 ? bullets : [body.replace(/\s+/g, " ")];
}
