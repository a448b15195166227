import type { Fact } from "../../core/handoff.ts";
import { clipText } from "./clip-text.ts";
import { type ExtractContext, hasRequestAfter } from "./extract-context.ts";
import { splitSentences } from "./split-sentences.ts";

/**
 * The last question the model put to the person that no later request answered: the
 * questions of the last assistant message with text, when nothing the person wrote came
 * after it (a slash command or a compaction is no answer). Claimed.
 */
export function extractOpenQuestions(context: ExtractContext): Fact[] | null {
  for (let i = context.messages.length - 1; i >= 0; i--) {
    const message = context.messages[i];
    if (message === undefined) continue;
    if (context.userKinds[i] === "request") return null;
    if (message.role !== "assistant" || message.text.trim() === "") continue;
    if (hasRequestAfter(context, i)) return null;
    const questions = splitSentences(message.text).filter((sentence) => sentence.endsWith("?"));
    if (questions.length === 0) return null;
    return questions
      .slice(-context.limits.openQuestions)
      .map((text) => ({ text: clipText(text, context.limits.itemChars), provenance: "claimed" }));
  }
  return null;
}
