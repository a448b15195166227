import { clipLineInfo } from "./clip-line.ts";
import { countTokens } from "./count-tokens.ts";
import type {
  Decision,
  Fact,
  FailedApproach,
  FileToRead,
  Handoff,
  ModifiedFile,
  Provenance,
  Todo,
  Validation,
} from "./handoff.ts";

/**
 * The continuation prompt: the compact text a new session starts with, in seed 000's shape.
 *
 * It stays under `budget` tokens (counted with `countTokens`) whatever the handoff's size.
 * Every list is capped before anything is counted, so the cost is one pass over the handoff
 * plus a handful of renders of a text that is at most a few kilobytes. When the capped
 * prompt is over budget, the fewest of `TRIM_STEPS` (applied in order, least important
 * content first) that make it fit are found by binary search:
 *
 *   1. long items cut to 100 characters   2. files beyond 5
 *   3. checks beyond the latest            4. pending todos beyond 3
 *   5. state notes beyond 2
 *   6. open questions and files to read beyond 1
 *   7. reasons of files to read
 *   8. failed approaches beyond 1, decisions beyond 2
 *   9. reasons of failed approaches and of decisions
 *  10. next steps beyond 3                11. files to read
 *  12. failed approaches                  13. state notes beyond 1
 *  14. decisions                          15. open questions
 *  16. file names (the count stays)       17. pending todo names (the count stays)
 *  18. in-progress todos beyond 1
 *  19. the check's command and error line cut to 100 characters (200 before)
 *  20. the error line of the check        21. long items and the check cut to 60 characters
 *  22. state notes                        23. the branch line
 *  24. the check                          25. next steps beyond the first
 *  26. in-progress todo names             27. the goal cut to 200, then 100 characters
 *  28. the list of what was cut in the notice (the notice itself stays)
 *  29. the goal and the first next step cut to 50/30, then 20/15 characters
 *
 * What the next session needs to act (the goal, the branch, the changed files, the last
 * check with its error, the todos, the next step, the open question) outlasts what explains
 * the past (files to read, failed approaches, decisions, state notes).
 *
 * Never dropped: the heading, the goal (or the topic when the goal is unknown), the first next
 * step, the todo count, the line about claimed facts, and the footer naming the previous
 * session, its model and where the full document is. Whatever was cut is named in the prompt itself.
 * Sections the capture could not fill (`null`, the enrich marker) are left out, never shown
 * as "none".
 */
export const DEFAULT_PROMPT_BUDGET = 400;

export interface RenderPromptOptions {
  budget?: number;
  /** Where the full handoff document is, as the receiver should read it. */
  documentPath?: string;
}

export interface RenderedPrompt {
  text: string;
  tokens: number;
  /** What was left out or shortened, in words; empty when the whole handoff fit. */
  trimmed: string[];
}

interface Shape {
  goalChars: number;
  itemChars: number;
  /** The check's command and error line: a command is only useful whole. */
  checkChars: number;
  state: number;
  decisions: number;
  decisionReasons: boolean;
  failed: number;
  failedReasons: boolean;
  files: number;
  read: number;
  readReasons: boolean;
  inProgress: number;
  pending: number;
  next: number;
  questions: number;
  checks: number;
  checkErrorLine: boolean;
  branch: boolean;
  /** Whether the trimming notice lists what was cut; `trimmed` always does. */
  trimDetail: boolean;
}

const INITIAL_SHAPE: Shape = {
  goalChars: 400,
  itemChars: 160,
  checkChars: 200,
  state: 4,
  decisions: 4,
  decisionReasons: true,
  failed: 3,
  failedReasons: true,
  files: 10,
  read: 3,
  readReasons: true,
  inProgress: 3,
  pending: 5,
  next: 5,
  questions: 3,
  checks: 3,
  checkErrorLine: true,
  branch: true,
  trimDetail: true,
};

/** No shape shows more items of a list than this, so longer lists are never walked twice. */
const LIST_CAP = 12;

const TRIM_STEPS: ReadonlyArray<(s: Shape) => void> = [
  (s) => {
    s.itemChars = 100;
  },
  (s) => {
    s.files = 5;
  },
  (s) => {
    s.checks = 1;
  },
  (s) => {
    s.pending = 3;
  },
  (s) => {
    s.state = 2;
  },
  (s) => {
    s.questions = 1;
    s.read = 1;
  },
  (s) => {
    s.readReasons = false;
  },
  (s) => {
    s.failed = 1;
    s.decisions = 2;
  },
  (s) => {
    s.failedReasons = false;
    s.decisionReasons = false;
  },
  (s) => {
    s.next = 3;
  },
  (s) => {
    s.read = 0;
  },
  (s) => {
    s.failed = 0;
  },
  (s) => {
    s.state = 1;
  },
  (s) => {
    s.decisions = 0;
  },
  (s) => {
    s.questions = 0;
  },
  (s) => {
    s.files = 0;
  },
  (s) => {
    s.pending = 0;
  },
  (s) => {
    s.inProgress = 1;
  },
  (s) => {
    s.checkChars = 100;
  },
  (s) => {
    s.checkErrorLine = false;
  },
  (s) => {
    s.itemChars = 60;
    s.checkChars = 60;
  },
  (s) => {
    s.state = 0;
  },
  (s) => {
    s.branch = false;
  },
  (s) => {
    s.checks = 0;
  },
  (s) => {
    s.next = 1;
  },
  (s) => {
    s.inProgress = 0;
  },
  (s) => {
    s.goalChars = 200;
  },
  (s) => {
    s.goalChars = 100;
  },
  (s) => {
    s.trimDetail = false;
  },
  // Only text that costs several tokens per character (emoji, some scripts) gets this far.
  (s) => {
    s.goalChars = 50;
    s.itemChars = 30;
    s.checkChars = 30;
  },
  (s) => {
    s.goalChars = 20;
    s.itemChars = 15;
    s.checkChars = 15;
  },
];

/** A list cut to `LIST_CAP` items, remembering how long it was. */
interface Capped<T> {
  items: T[];
  total: number;
}

interface Content {
  goal: Fact | null;
  topic: string;
  state: Capped<Fact> | null;
  decisions: Capped<Decision> | null;
  failed: Capped<FailedApproach> | null;
  files: Capped<ModifiedFile> | null;
  read: Capped<FileToRead> | null;
  todos: {
    done: number;
    total: number;
    inProgress: Capped<Todo>;
    pending: Capped<Todo>;
  } | null;
  next: Capped<Fact> | null;
  questions: Capped<Fact> | null;
  /** The latest run of each command, most recent first. */
  checks: Capped<Validation> | null;
  branch: string | null;
  head: string | null;
  dirty: boolean | null;
}

export function renderPrompt(h: Handoff, options: RenderPromptOptions = {}): RenderedPrompt {
  const budget = options.budget ?? DEFAULT_PROMPT_BUDGET;
  const content = collectContent(h);
  const footer = renderFooter(h, options.documentPath);
  const attempt = (steps: number): RenderedPrompt => {
    const shape = { ...INITIAL_SHAPE };
    for (const step of TRIM_STEPS.slice(0, steps)) step(shape);
    const rendered = renderShape(content, shape, footer, budget);
    return { ...rendered, tokens: countTokens(rendered.text) };
  };

  const whole = attempt(0);
  if (whole.tokens <= budget) return whole;
  // Each step removes content, so the step counts that fit form a suffix (up to the notice
  // growing by a word as more is cut): binary search finds the fewest in a handful of
  // counts. Only a measured fit is returned, so a wrong guess costs content, never the budget.
  let best = attempt(TRIM_STEPS.length);
  if (best.tokens > budget) return best;
  let lo = 1;
  let hi = TRIM_STEPS.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = attempt(mid);
    if (candidate.tokens <= budget) {
      best = candidate;
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  return best;
}

function capNonEmpty<T>(list: readonly T[] | null): Capped<T> | null {
  if (list === null || list.length === 0) return null;
  return { items: list.slice(0, LIST_CAP), total: list.length };
}

function collectContent(h: Handoff): Content {
  const s = h.sections;
  return {
    goal: s.goal,
    topic: h.topic,
    state: capNonEmpty(s.currentState),
    decisions: capNonEmpty(s.keyDecisions),
    failed: capNonEmpty(s.failedApproaches),
    files: capNonEmpty(s.modifiedFiles),
    read: capNonEmpty(s.filesToRead),
    todos: s.todos === null || s.todos.length === 0 ? null : collectTodos(s.todos),
    next: capNonEmpty(s.nextSteps),
    questions: capNonEmpty(s.openQuestions),
    checks: s.validation === null ? null : latestPerCommand(s.validation),
    branch: h.branch,
    head: h.head,
    dirty: h.dirty,
  };
}

function collectTodos(todos: readonly Todo[]): NonNullable<Content["todos"]> {
  let done = 0;
  let total = 0;
  const inProgress: Todo[] = [];
  const pending: Todo[] = [];
  let inProgressTotal = 0;
  let pendingTotal = 0;
  for (const todo of todos) {
    if (todo.status === "cancelled") continue;
    total++;
    if (todo.status === "completed") done++;
    else if (todo.status === "in_progress") {
      inProgressTotal++;
      if (inProgress.length < LIST_CAP) inProgress.push(todo);
    } else {
      pendingTotal++;
      if (pending.length < LIST_CAP) pending.push(todo);
    }
  }
  return {
    done,
    total,
    inProgress: { items: inProgress, total: inProgressTotal },
    pending: { items: pending, total: pendingTotal },
  };
}

/**
 * Validations are recorded in order and a rerun supersedes a command's earlier runs: the
 * latest run of each command, most recent first, without walking the list twice.
 */
function latestPerCommand(validations: readonly Validation[]): Capped<Validation> | null {
  const seen = new Set<string>();
  const items: Validation[] = [];
  for (let i = validations.length - 1; i >= 0; i--) {
    const v = validations[i] as Validation;
    if (seen.has(v.command)) continue;
    seen.add(v.command);
    if (items.length < LIST_CAP) items.push(v);
  }
  return items.length === 0 ? null : { items, total: seen.size };
}

interface Rendered {
  text: string;
  trimmed: string[];
}

const SECTION_LABELS = {
  goal: "goal",
  state: "state",
  decisions: "decisions",
  failed: "failed approaches",
  files: "files",
  read: "files to read",
  todos: "todos",
  next: "next steps",
  questions: "open questions",
  checks: "checks",
} as const;

interface Footer {
  text: string;
  /** Who the claims are from: "the previous session", or the author of a hand-written one. */
  claimant: string;
}

function renderShape(c: Content, shape: Shape, footer: Footer, budget: number): Rendered {
  const trimmed: string[] = [];
  // The notice names what was cut in as few tokens as possible; `trimmed` gives the counts.
  const brief: string[] = [];
  const noteTrim = (detail: string, label: string) => {
    trimmed.push(detail);
    brief.push(label);
  };
  const claimed = new Set<string>();
  let shortened = false;
  const clipItem = (text: string, max = shape.itemChars): string => {
    const result = clip(text, max);
    if (result.clipped) shortened = true;
    return result.text;
  };
  const noteClaimed = (label: string, items: ReadonlyArray<{ provenance: Provenance }>) => {
    if (items.some((item) => item.provenance === "claimed")) claimed.add(label);
  };
  const noteCut = (label: string, list: Capped<unknown>, shown: number) => {
    const kept = Math.min(shown, list.total);
    if (kept === 0) noteTrim(`${label} (${list.total})`, label);
    else if (kept < list.total) noteTrim(`${list.total - kept} of ${list.total} ${label}`, label);
  };
  const blocks: string[] = ["## Session Handoff"];

  if (c.goal !== null) {
    noteClaimed(SECTION_LABELS.goal, [c.goal]);
    blocks.push(`**Goal:** ${clipItem(c.goal.text, shape.goalChars)}`);
  } else {
    blocks.push(`**Topic:** ${clipItem(c.topic, shape.goalChars)}`);
  }

  if (c.state !== null) {
    const shown = c.state.items.slice(0, shape.state);
    noteCut("state notes", c.state, shape.state);
    noteClaimed(SECTION_LABELS.state, shown);
    if (shown.length > 0) blocks.push(shown.map((f) => `- ${clipItem(f.text)}`).join("\n"));
  }

  const branchLine = renderBranch(c);
  if (branchLine !== null) {
    if (shape.branch) blocks.push(branchLine);
    else noteTrim("branch", "branch");
  }

  if (c.todos !== null) blocks.push(renderTodos(c.todos, shape, clipItem, noteCut, noteClaimed));

  if (c.files !== null) {
    const shown = c.files.items.slice(0, shape.files);
    noteCut("files", c.files, shape.files);
    noteClaimed(SECTION_LABELS.files, shown);
    const names = shown.map((f) => clipItem(describeFile(f)));
    const rest = c.files.total - shown.length;
    if (names.length === 0) blocks.push(`**Files:** ${c.files.total} changed`);
    else blocks.push(`**Files:** ${names.join(", ")}${rest > 0 ? ` (+${rest} more)` : ""}`);
  }

  if (c.read !== null) {
    const shown = c.read.items.slice(0, shape.read);
    noteCut("files to read", c.read, shape.read);
    if (!shape.readReasons && shown.some((f) => f.reason !== null)) {
      noteTrim("why to read them", "reading reasons");
    }
    noteClaimed(SECTION_LABELS.read, shown);
    if (shown.length > 0) {
      const items = shown.map((f) =>
        withReason(clipItem(f.path), shape.readReasons ? f.reason : null, clipItem),
      );
      blocks.push(`**Read first:** ${items.join(", ")}`);
    }
  }

  if (c.next !== null) {
    const shown = c.next.items.slice(0, Math.max(1, shape.next));
    noteCut("next steps", c.next, shown.length);
    noteClaimed(SECTION_LABELS.next, shown);
    const steps = shown.map((f, i) => `${i + 1}. ${clipItem(f.text)}`).join(" ");
    const rest = c.next.total - shown.length;
    blocks.push(`**Next:** ${steps}${rest > 0 ? ` (+${rest} more)` : ""}`);
  }

  if (c.checks !== null) {
    const shown = c.checks.items.slice(0, shape.checks);
    noteCut("checks", c.checks, shape.checks);
    if (!shape.checkErrorLine && shown.some((v) => v.errorLine !== null)) {
      noteTrim("check error lines", "error lines");
    }
    noteClaimed(SECTION_LABELS.checks, shown);
    if (shown.length > 0) {
      const label = shown.length === 1 ? "Last check" : "Checks";
      const clipCheck = (text: string) => clipItem(text, shape.checkChars);
      // The branch line already says what a run on the current HEAD and tree ran against.
      const current = shape.branch && branchLine !== null ? { head: c.head, dirty: c.dirty } : null;
      const runs = shown.map((v) =>
        describeCheck(v, c.head, current, shape.checkErrorLine, clipCheck),
      );
      blocks.push(`**${label}:** ${runs.join("; ")}`);
    }
  }

  if (c.decisions !== null) {
    const shown = c.decisions.items.slice(0, shape.decisions);
    noteCut("decisions", c.decisions, shape.decisions);
    if (!shape.decisionReasons && shown.some((d) => d.reason !== null)) {
      noteTrim("reasons for decisions", "decision reasons");
    }
    noteClaimed(SECTION_LABELS.decisions, shown);
    if (shown.length > 0) {
      const items = shown.map((d) =>
        withReason(clipItem(d.decision), shape.decisionReasons ? d.reason : null, clipItem),
      );
      blocks.push(`**Decisions:** ${items.join("; ")}`);
    }
  }

  if (c.failed !== null) {
    const shown = c.failed.items.slice(0, shape.failed);
    noteCut("failed approaches", c.failed, shape.failed);
    if (!shape.failedReasons && shown.some((f) => f.reason !== null)) {
      noteTrim("why approaches failed", "failure reasons");
    }
    noteClaimed(SECTION_LABELS.failed, shown);
    if (shown.length > 0) {
      const items = shown.map((f) =>
        withReason(clipItem(f.approach), shape.failedReasons ? f.reason : null, clipItem),
      );
      blocks.push(`**Didn't work:** ${items.join("; ")}`);
    }
  }

  if (c.questions !== null) {
    const shown = c.questions.items.slice(0, shape.questions);
    noteCut("open questions", c.questions, shape.questions);
    noteClaimed(SECTION_LABELS.questions, shown);
    if (shown.length > 0) {
      blocks.push(`**Open questions:** ${shown.map((q) => clipItem(q.text)).join("; ")}`);
    }
  }

  blocks.push(renderVerifyLine(claimed, footer.claimant));
  if (shortened) noteTrim("long items shortened", "long items");
  if (trimmed.length > 0) {
    const what = shape.trimDetail ? ` (${brief.join(", ")})` : "";
    blocks.push(`_Trimmed to fit ${budget} tokens${what}; the full handoff below has it all._`);
  }
  blocks.push(footer.text);
  return { text: blocks.join("\n\n"), trimmed };
}

function renderTodos(
  todos: NonNullable<Content["todos"]>,
  shape: Shape,
  clipItem: (text: string) => string,
  noteCut: (label: string, list: Capped<unknown>, shown: number) => void,
  noteClaimed: (label: string, items: ReadonlyArray<{ provenance: Provenance }>) => void,
): string {
  const lines = [`**Todos:** ${todos.done}/${todos.total} done`];
  const group = (title: string, label: string, list: Capped<Todo>, limit: number) => {
    if (list.total === 0) return;
    const shown = list.items.slice(0, limit);
    noteCut(label, list, limit);
    noteClaimed(SECTION_LABELS.todos, shown);
    const rest = list.total - shown.length;
    if (shown.length === 0) {
      lines.push(`- ${title}: ${list.total} ${list.total === 1 ? "todo" : "todos"}`);
      return;
    }
    const names = shown.map((t) => clipItem(t.text)).join(", ");
    lines.push(`- ${title}: ${names}${rest > 0 ? ` (+${rest} more)` : ""}`);
  };
  group("In progress", "in-progress todos", todos.inProgress, shape.inProgress);
  group("Pending", "pending todos", todos.pending, shape.pending);
  return lines.join("\n");
}

function renderBranch(c: Content): string | null {
  if (c.branch === null && c.head === null) return null;
  const parts: string[] = [];
  if (c.branch !== null) parts.push(`\`${inlineCode(c.branch, 120)}\``);
  if (c.head !== null) parts.push(`${c.branch === null ? "detached at" : "@"} ${shortSha(c.head)}`);
  const tree = c.dirty === true ? ", uncommitted changes" : c.dirty === false ? ", clean" : "";
  return `**Branch:** ${parts.join(" ")}${tree}`;
}

function describeFile(f: ModifiedFile): string {
  if (f.state === "absent") return `${f.path} (not here)`;
  const described = describeChange(f);
  if (f.state !== "committed" || f.commit === undefined) return described;
  return described.endsWith(")")
    ? `${described.slice(0, -1)}, committed in ${f.commit})`
    : `${described} (committed in ${f.commit})`;
}

function describeChange(f: ModifiedFile): string {
  switch (f.change) {
    case "added":
    case "untracked":
      return `${f.path} (new)`;
    case "deleted":
      return `${f.path} (deleted)`;
    case "conflicted":
      return `${f.path} (conflict)`;
    case "renamed":
    case "copied":
      return f.from === null ? `${f.path} (${f.change})` : `${f.path} (from ${f.from})`;
    default:
      return f.path;
  }
}

function describeCheck(
  v: Validation,
  currentHead: string | null,
  shownAbove: { head: string | null; dirty: boolean | null } | null,
  withErrorLine: boolean,
  clipItem: (text: string) => string,
): string {
  let text = `\`${inlineCode(clipItem(v.command), 200)}\` exit ${v.exitCode ?? "unknown"}`;
  const asAbove = shownAbove !== null && v.head === shownAbove.head && v.dirty === shownAbove.dirty;
  if (v.head !== null && !asAbove) {
    text += ` on ${shortSha(v.head)}${v.dirty === true ? " + uncommitted changes" : ""}`;
    if (currentHead !== null && currentHead !== v.head)
      text += ` (HEAD now ${shortSha(currentHead)})`;
  }
  if (withErrorLine && v.errorLine !== null) text += `: ${clipItem(v.errorLine)}`;
  return text;
}

function withReason(
  text: string,
  reason: string | null,
  clipItem: (text: string) => string,
): string {
  return reason === null ? text : `${text} (${clipItem(reason)})`;
}

function renderVerifyLine(claimed: ReadonlySet<string>, claimant: string): string {
  if (claimed.size === 0) {
    return "Everything above was read from git, the todo list or recorded exit codes.";
  }
  return `Unverified, claimed by ${claimant}: ${[...claimed].join(", ")}. Check before relying on them.`;
}

/** Written by code from the handoff's own metadata, never by the model. */
function renderFooter(h: Handoff, documentPath: string | undefined): Footer {
  const agent = h.source.agent === null ? null : inlineCode(h.source.agent, 40);
  const session = h.source.sessionId === null ? null : inlineCode(h.source.sessionId, 80);
  const who = agent === null ? "session" : `${agent} session`;
  // The model that worked the session: the next one may be another, and should know.
  const model = h.source.model === null ? "" : ` (${inlineCode(h.source.model, 60)})`;
  const previous =
    h.origin === "hand-written"
      ? "Previous: written by hand, unsigned (not made by baton): every item above is the author's claim"
      : session === null
        ? `Previous: ${who} (id not recorded)${model}`
        : `Previous: ${who} \`${session}\`${model}`;
  const where =
    documentPath === undefined
      ? `\`baton show ${inlineCode(h.id, 120)}\``
      : `\`${inlineCode(documentPath, 200)}\``;
  const more =
    session === null ? "" : "\nNeed more? `baton read` with that session id, or `read_session`.";
  const claimant =
    h.origin === "hand-written"
      ? "its author"
      : h.summary?.state === "done"
        ? `the previous session, summarized by ${inlineCode(h.summary.by, 60)}`
        : "the previous session";
  return { text: `---\n${previous} · Full handoff: ${where}${more}`, claimant };
}

function shortSha(sha: string): string {
  return /^[0-9a-f]{40,64}$/i.test(sha) ? sha.slice(0, 7) : inlineCode(sha, 40);
}

/** Injected values go inside backticks on one line: no backticks, no line breaks, bounded. */
function inlineCode(value: string, max: number): string {
  const flat = value
    .slice(0, max * 4)
    .replace(/[`\s]+/g, " ")
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** One line of at most `max` characters, whitespace collapsed. */
function clip(text: string, max: number): { text: string; clipped: boolean } {
  return clipLineInfo(text, max, { collapse: "all" });
}
