import { classifyUserText, requestText } from "../../agents/classify-user-text.ts";
import type { Fact } from "../../core/handoff.ts";
import { clipText } from "./clip-text.ts";
import type { ExtractContext } from "./extract-context.ts";

/**
 * A later message that changes the request rather than continuing it. Matched at the start
 * of the message (where people put "actually" and "no,"), or `instead` anywhere.
 */
const REDIRECT =
  /^(?:actually|instead|no[,.!]|nope|wait[,.!]|scratch that|change of plan|new plan|forget (?:that|it|about)|on second thought|rather\b|let'?s (?:instead|switch|change|not|rather|go with|use|try|focus)|please don'?t|stop[,.!])|\binstead\b|\bchange of plan\b/i;
/** Beyond the last few, earlier changes were overtaken by later ones or are in the todos. */
const MAX_CHANGES = 2;
/** A later message that widens the request. */
const ADDITION = /^(?:also|and also|additionally|in addition|one more thing|plus,)\b/i;
/**
 * A first message that opens the conversation rather than asking for work ("hi", "show
 * tools"): the goal is the request after it.
 */
const SMALL_TALK =
  /^(?:hi|hello|hey|yo|hiya|good (?:morning|afternoon|evening)|thanks?(?: you)?|ok(?:ay)?|ping|test(?:ing)?|help|\/?tools|(?:show|list)(?: me)?(?: the| your)? tools|what (?:can you do|tools do you have)|who are you)[\s!.?]*$/i;
/** The latest request stands beside the first when it says this much: "yes" or "go on" do not. */
const LATEST_MIN_WORDS = 5;
/**
 * After this many requests beyond the first, the session has moved on: the latest request
 * leads the goal. Before, it follows the first, which is still what the work is about.
 */
const MOVED_ON = 3;
/** An answer to the agent's question goes on with the request; it is not a new one. */
const ANSWER =
  /^(?:yes|yeah|yep|yup|sure|ok(?:ay)?|right|correct|exactly|go ahead|sounds good|looks good|lgtm|please do|do it|continue|go on|keep going|proceed)\b/i;

/**
 * The goal: the person's first request (a greeting or "show tools" before it does not
 * count), then the later messages that redirected or widened it, in order (the last
 * redirection is the one that holds; at most the last two), and the latest request when it
 * is neither. Once the session has moved through several requests, that latest one is what
 * the work is about now: it leads, and the rest follows as what came earlier. When the
 * first request is no longer in the transcript (compacted away, or the window moved past
 * it), the compaction summary's statement of the request stands in; a session that began
 * from a baton continuation prompt takes that prompt's goal.
 */
export function extractGoal(context: ExtractContext): Fact | null {
  const base = baseRequest(context);
  if (base === null) return null;
  const changes: string[] = [];
  let latest: string | null = null;
  let requests = 0;
  for (let i = 0; i < context.messages.length; i++) {
    const message = context.messages[i];
    if (message === undefined || context.userKinds[i] !== "request") continue;
    if (message.id !== null && message.id === base.id) continue;
    const text = requestText(message.text);
    if (text === base.text || SMALL_TALK.test(text)) continue;
    if (!ANSWER.test(text)) requests++;
    if (REDIRECT.test(text)) {
      changes.push(`Changed: ${text}`);
      latest = null;
    } else if (ADDITION.test(text)) {
      changes.push(text);
      latest = null;
    } else if (!ANSWER.test(text) && text.split(/\s+/).length >= LATEST_MIN_WORDS) {
      latest = text;
    }
  }
  const max = context.limits.goalChars;
  if (latest !== null && requests >= MOVED_ON) {
    return withLatestFirst(latest, base.text, changes, context);
  }
  if (latest !== null) changes.push(`Latest request: ${latest}`);
  // The latest changes matter most; the first request keeps at least half the room.
  const kept: string[] = [];
  let room = Math.floor(max / 2);
  for (const change of changes.slice(-MAX_CHANGES).reverse()) {
    const clipped = clipText(change, Math.min(room, context.limits.itemChars));
    if (clipped.length < 20) break;
    kept.unshift(clipped);
    room -= clipped.length + 1;
  }
  const tail = kept.join(" ");
  const head = clipText(base.text, max - (tail === "" ? 0 : tail.length + 1));
  return { text: tail === "" ? head : `${head} ${tail}`, provenance: "claimed" };
}

/**
 * A long session's goal leads with the request it works on now, so that whatever is cut
 * to fit, it is not that; the first request (and what widened or redirected it) follows as
 * `(Earlier: …)` in the room left, since it may still apply.
 */
function withLatestFirst(
  latest: string,
  base: string,
  changes: readonly string[],
  context: ExtractContext,
): Fact {
  const max = context.limits.goalChars;
  const now = clipText(latest, Math.max(Math.floor(max / 2), max - 120));
  const earlier = [base, ...changes.slice(-MAX_CHANGES)].join(" ");
  const room = max - now.length - " (Earlier: )".length;
  const text = room < 20 ? now : `${now} (Earlier: ${clipText(earlier, room)})`;
  return { text, provenance: "claimed" };
}

interface BaseRequest {
  id: string | null;
  text: string;
}

function baseRequest(context: ExtractContext): BaseRequest | null {
  const first = context.session.firstUserMessage;
  if (first !== null) {
    const kind = classifyUserText(first.text);
    if (kind === "request" && !SMALL_TALK.test(requestText(first.text))) {
      return { id: first.id, text: requestText(first.text) };
    }
    if (kind === "handoff") {
      const goal = goalOfHandoffPrompt(first.text);
      if (goal !== null) return { id: first.id, text: goal };
    }
    if (kind === "continuation") {
      const intent = intentOfSummary(first.text);
      if (intent !== null) return { id: first.id, text: intent };
    }
  }
  for (const compaction of context.session.compactions) {
    const intent = intentOfSummary(compaction.text);
    if (intent !== null) return { id: null, text: intent };
  }
  let smallTalk: BaseRequest | null = null;
  for (let i = 0; i < context.messages.length; i++) {
    const message = context.messages[i];
    if (message === undefined || context.userKinds[i] !== "request") continue;
    const text = requestText(message.text);
    if (!SMALL_TALK.test(text)) return { id: message.id, text };
    smallTalk ??= { id: message.id, text };
  }
  // Nothing but small talk: that is all the person asked.
  return smallTalk;
}

/** `**Goal:** …` of a baton continuation prompt. */
function goalOfHandoffPrompt(text: string): string | null {
  const match = /^\*\*Goal:\*\*\s*(.+)$/m.exec(text);
  return match?.[1]?.trim() || null;
}

/**
 * The request as a compaction summary states it. Gemini CLI, Qwen Code and Copilot tag it
 * (`<overall_goal>`); Claude Code's summaries number their parts ("1. Primary Request and
 * Intent: …"); OpenCode's have a "## Goal" section; free prose (Codex) gives its first
 * paragraph.
 */
export function intentOfSummary(text: string): string | null {
  // Gemini CLI's and Qwen Code's `<state_snapshot>` and Copilot's summary are tagged.
  const tagged =
    /<(overall_goal|primary_request_and_intent|user_intent|overview)>\s*([\s\S]*?)\s*<\/\1>/i.exec(
      text,
    )?.[2];
  if (tagged?.trim()) return tagged.trim();
  // OpenCode's summaries are markdown with a "## Goal" section.
  const heading =
    /^#{1,6}\s*(?:Goal|Objective|Task|Primary Request(?: and Intent)?)\s*\n+([\s\S]*?)(?=\n#{1,6}\s|\n\s*\n|$)/im.exec(
      text,
    );
  const underHeading = heading?.[1]?.trim();
  if (underHeading) return underHeading;
  const intent =
    /(?:Primary Request and Intent|User'?s? (?:Request|Goal)|Goal|Task)\s*:\s*([\s\S]*?)(?=\n\s*(?:\d+\.|#{1,6}\s|[A-Z][\w ]{2,40}:)|\n\s*\n|$)/i.exec(
      text,
    );
  const found = intent?.[1]?.trim();
  if (found) return found;
  const body = text
    .replace(/^This session is being continued[^\n]*\n+/i, "")
    .replace(/^Summary:\s*/i, "")
    .trim();
  const paragraph = body.split(/\n\s*\n/)[0]?.trim();
  return paragraph ? paragraph : null;
}
