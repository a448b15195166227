import type { Decision } from "../../core/handoff.ts";
import { clipText } from "./clip-text.ts";
import type { ExtractContext } from "./extract-context.ts";
import { isFragment, reasonOrNull } from "./is-fragment.ts";
import { messageSentences, splitReason } from "./message-sentences.ts";
import { normalizeText } from "./normalize-text.ts";

/**
 * Explicit decision statements, by the model or the person: "Decision: …", "I decided to …",
 * "we'll go with …", "let's use …", "I chose/opted for/settled on …". Only explicit ones:
 * an inferred decision would be a guess presented as a fact. The reason is what follows
 * "because", "since", "so that" or "given that". Claimed, since they are someone's words.
 */
const DECISION_PATTERNS: readonly RegExp[] = [
  /^(?:\*\*)?(?:key |design )?decision(?:\*\*)?\s*(?::|[-–—])\s*(?:\*\*)?\s*(.+)$/i,
  /\b(?:I|we)(?:'ve|\s+have)?\s+decided\s+(?:to\s+|that\s+|on\s+)?(.+)$/i,
  /\b(?:I|we)(?:'ll|\s+will)\s+go\s+with\s+(.+)$/i,
  /\b(?:I'm|I\s+am|we're|we\s+are)\s+going\s+with\s+(.+)$/i,
  /^let'?s\s+(?:use|go\s+with|stick\s+with|keep|settle\s+on)\s+(.+)$/i,
  /\b(?:I|we)\s+(?:chose|opted\s+(?:to|for)|settled\s+on)\s+(.+)$/i,
];

export function extractDecisions(context: ExtractContext): Decision[] | null {
  const found: Decision[] = [];
  const seen = new Set<string>();
  for (const sentence of messageSentences(context)) {
    const statement = decisionIn(sentence.text);
    if (statement === null) continue;
    const { statement: decision, reason: stated } = splitReason(statement);
    const key = normalizeText(decision);
    if (key === "" || seen.has(key) || isFragment(decision)) continue;
    const reason = reasonOrNull(stated);
    seen.add(key);
    found.push({
      decision: clipText(decision, context.limits.itemChars),
      reason: reason === null ? null : clipText(reason, context.limits.itemChars),
      provenance: "claimed",
    });
  }
  if (found.length === 0) return null;
  // The latest decisions are the ones in force.
  return found.slice(-context.limits.keyDecisions);
}

/** The decision a sentence states, without its "Decision:" label; null when it states none. */
export function decisionIn(sentence: string): string | null {
  if (sentence.endsWith("?")) return null;
  for (const pattern of DECISION_PATTERNS) {
    const match = pattern.exec(sentence);
    if (match === null) continue;
    // "Decision: X" is stored as X; "We'll go with X" keeps its words, which carry who chose.
    if (pattern !== DECISION_PATTERNS[0]) return sentence.trim();
    const statement = (match[1] as string).trim();
    return statement.charAt(0).toUpperCase() + statement.slice(1);
  }
  return null;
}
