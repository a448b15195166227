import type { MessageRole } from "../../core/session.ts";
import type { ExtractContext } from "./extract-context.ts";
import { splitSentences } from "./split-sentences.ts";

export interface PlacedSentence {
  text: string;
  /** The sentence before it in the same message, for statements that point back ("That failed."). */
  previous: string | null;
  role: MessageRole;
  message: number;
}

/**
 * The sentences of what the model wrote and what the person asked, in order. Injected text
 * (commands, continuation summaries, context blocks) is no one's statement.
 */
export function messageSentences(context: ExtractContext): PlacedSentence[] {
  const out: PlacedSentence[] = [];
  context.messages.forEach((message, index) => {
    if (message.role === "user" && context.userKinds[index] !== "request") return;
    if (message.text.trim() === "") return;
    let previous: string | null = null;
    for (const text of splitSentences(message.text)) {
      out.push({ text, previous, role: message.role, message: index });
      previous = text;
    }
  });
  return out;
}

/** Splits "X, because Y" into X and Y; the reason is null when none was given. */
export function splitReason(text: string): { statement: string; reason: string | null } {
  const match = /[,;]?\s+\b(?:because|since|so that|given that)\b\s+/i.exec(text);
  if (match === null) return { statement: trimEnd(text), reason: null };
  const statement = trimEnd(text.slice(0, match.index));
  const reason = trimEnd(text.slice(match.index + match[0].length));
  if (statement === "") return { statement: trimEnd(text), reason: null };
  return { statement, reason: reason === "" ? null : reason };
}

function trimEnd(text: string): string {
  return text.replace(/[\s,;:.]+$/, "").trim();
}
