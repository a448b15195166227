import type { Fact } from "../../core/handoff.ts";
import type { ToolCall } from "../../core/session.ts";
import { clipText } from "./clip-text.ts";
import { type ExtractContext, hasRequestAfter } from "./extract-context.ts";
import { splitSentences } from "./split-sentences.ts";

/** Tools with which a model asks the person (Claude Code's AskUserQuestion, OpenCode's question). */
const ASK_TOOL = /^(?:AskUserQuestion|question|ask_user|request_user_input)$/i;

/**
 * The last question the model put to the person that nothing answered: the questions of
 * the model's last message (in its text, or an ask tool that got no answer back), when no
 * request from the person came after it (a slash command or a compaction is no answer).
 * Claimed.
 */
export function extractOpenQuestions(context: ExtractContext): Fact[] | null {
  for (let i = context.messages.length - 1; i >= 0; i--) {
    const message = context.messages[i];
    if (message === undefined) continue;
    if (context.userKinds[i] === "request") return null;
    if (message.role !== "assistant") continue;
    const asked = message.toolCalls.flatMap(unansweredAsk);
    if (message.text.trim() === "" && asked.length === 0) continue;
    if (hasRequestAfter(context, i)) return null;
    const questions = [
      ...splitSentences(message.text).filter((sentence) => sentence.endsWith("?")),
      ...asked,
    ];
    if (questions.length === 0) return null;
    return questions
      .slice(-context.limits.openQuestions)
      .map((text) => ({ text: clipText(text, context.limits.itemChars), provenance: "claimed" }));
  }
  return null;
}

function unansweredAsk(call: ToolCall): string[] {
  if (!ASK_TOOL.test(call.name) || (call.output !== null && !call.isError)) return [];
  const input = (call.input ?? {}) as Record<string, unknown>;
  const list = Array.isArray(input.questions) ? input.questions : [input];
  return list.flatMap((entry) => {
    const question = (entry as Record<string, unknown> | null)?.question;
    return typeof question === "string" && question.trim() !== "" ? [question.trim()] : [];
  });
}
