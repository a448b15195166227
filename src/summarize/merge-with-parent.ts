import { classifyUserText } from "../agents/classify-user-text.ts";
import type { Decision, Fact, FailedApproach, Handoff, Sections, Todo } from "../core/handoff.ts";
import type { Session } from "../core/session.ts";
import { normalizeText } from "./extractive/normalize-text.ts";
import { SIZE_PRESETS, type SizePreset } from "./extractive/size-presets.ts";

export interface MergeOptions {
  /** The session the new handoff was made from: a question its person answered is closed. */
  session?: Session;
  size?: SizePreset;
}

/**
 * A handoff that continues an earlier one carries forward what still holds, instead of
 * pasting the old document under the new one:
 * - the goal, when this session's own is unknown;
 * - the parent's unfinished todos, when this session kept no todo list of its own (the
 *   agent's store, when there is one, is the truth now); claimed, since nobody rechecked them;
 * - the parent's decisions and failed approaches, before this session's (older first, so
 *   the caps cut the oldest), without repeats;
 * - the parent's open questions that no request in this session answered (one that shares
 *   at least half of the question's content words, at least two); claimed.
 * Files, validation, state, files to read and next steps describe the tree and the work as
 * they are now: only this session's are kept.
 */
export function mergeWithParent(
  sections: Sections,
  parent: Handoff,
  options: MergeOptions = {},
): Sections {
  const limits = SIZE_PRESETS[options.size ?? "standard"];
  const old = parent.sections;
  return {
    ...sections,
    goal: sections.goal ?? old.goal,
    todos: sections.todos ?? carriedTodos(old.todos),
    keyDecisions: joinLists(
      old.keyDecisions,
      sections.keyDecisions,
      (d: Decision) => d.decision,
      limits.keyDecisions,
    ),
    failedApproaches: joinLists(
      old.failedApproaches,
      sections.failedApproaches,
      (f: FailedApproach) => f.approach,
      limits.failedApproaches,
    ),
    openQuestions: joinLists(
      unanswered(old.openQuestions, options.session),
      sections.openQuestions,
      (q: Fact) => q.text,
      limits.openQuestions,
    ),
  };
}

function carriedTodos(todos: Todo[] | null): Todo[] | null {
  const open = (todos ?? []).filter(
    (todo) => todo.status === "pending" || todo.status === "in_progress",
  );
  return open.length === 0 ? null : open.map((todo) => ({ ...todo, provenance: "claimed" }));
}

function joinLists<T>(
  older: T[] | null,
  newer: T[] | null,
  textOf: (item: T) => string,
  limit: number,
): T[] | null {
  if (older === null || older.length === 0) return newer;
  const seen = new Set((newer ?? []).map((item) => normalizeText(textOf(item))));
  const carried = older.filter((item) => {
    const key = normalizeText(textOf(item));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const joined = [...carried, ...(newer ?? [])];
  return joined.length === 0 ? null : joined.slice(-limit);
}

const STOP_WORDS = new Set(
  "the and for you your should would could can now with this that from into what which want there their them then than also just have has had will shall not are was were been being about".split(
    " ",
  ),
);

function contentWords(text: string): Set<string> {
  return new Set(
    normalizeText(text)
      .split(" ")
      .filter((word) => word.length >= 3 && !STOP_WORDS.has(word)),
  );
}

function unanswered(questions: Fact[] | null, session: Session | undefined): Fact[] | null {
  if (questions === null) return null;
  const requests = (session?.messages ?? [])
    .filter((message) => message.role === "user" && classifyUserText(message.text) === "request")
    .map((message) => contentWords(message.text));
  const open = questions.filter((question) => {
    const words = contentWords(question.text);
    return !requests.some((request) => {
      let shared = 0;
      for (const word of words) if (request.has(word)) shared++;
      return shared >= 2 && shared * 2 >= words.size;
    });
  });
  return open.map((question) => ({ ...question, provenance: "claimed" }));
}
