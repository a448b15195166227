/**
 * `npm run eval:real`: baton over every session that other people's agents wrote, in
 * ../shared/real-sessions (see its README; the files are read where they are, never
 * copied). Checks what holds for any correct reader, whatever the session:
 *
 * - each session is listed once, and no subagent transcript is taken for a session (in the
 *   listing, or by `--latest` in the session's folder);
 * - every shell command that finished has its exit code (one still running is unfinished;
 *   one refused before it ran, by the person, a hook or a failed sibling call, has none);
 * - no path is outside the recording machine's own form (a Windows session's paths are
 *   Windows paths, a POSIX session's are POSIX; handoff paths are repository-relative);
 * - the goal and the first prompt are the person's requests, not commands or injected text,
 *   and the goal is not a greeting or a look at the tools ("hi", "show tools");
 * - no key decision, failed approach or reason is a template's blank ("[what was chosen]"),
 *   a check-marked cell, a box-drawing gutter or a fragment of one or two words.
 *
 * Whether a next step was finished later in the session is not something a reader can
 * decide for certain: the claimed next steps are counted and reported for a person to look
 * at, never passed.
 *
 * Prints one row per session and a line per check; exits 1 when a check fails, 0 when all
 * hold, and 0 with a message when the folder is absent (not part of `npm test`).
 */
import { loadReaders } from "../src/adapters/registry.ts";
import type { ReaderContext } from "../src/agents/agent-reader.ts";
import { classifyUserText } from "../src/agents/classify-user-text.ts";
import { findSession, listSessions } from "../src/agents/find-sessions.ts";
import { peekLines } from "../src/agents/peek-lines.ts";
import type { Session } from "../src/core/session.ts";
import { captureGit } from "../src/git/capture-git.ts";
import { summarizeSession } from "../src/summarize/summarize-session.ts";
import {
  REAL_SESSIONS_PRESENT,
  REAL_SESSIONS_ROOT,
  realContext,
  realHomes,
} from "../test/support/real-sessions/real-sessions.ts";

if (!REAL_SESSIONS_PRESENT) {
  process.stdout.write(
    `eval:real: skipped: ${REAL_SESSIONS_ROOT} (../shared/real-sessions) is absent\n`,
  );
  process.exit(0);
}

const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\)/;

interface Row {
  folder: string;
  agent: string;
  id: string;
  version: string;
  messages: number;
  shells: number;
  finished: number;
  withExit: number;
  unfinished: number;
  notRun: number;
  foreignPaths: string[];
  firstPrompt: string;
  goal: string;
  /** Decisions, failed approaches and reasons looked at for fragments. */
  statements: number;
  fragments: string[];
  /** Next steps the model or a compaction summary stated (claimed): reported, not judged. */
  claimedSteps: number;
  problems: string[];
}

/** A template's blank, a check mark, a terminal's box gutter, or too few words to say anything. */
function fragmentKind(text: string): string | null {
  if (
    /\[[^\]]{0,60}\]/.test(text) &&
    text
      .replace(/\[[^\]]*\]/g, "")
      .trim()
      .split(/\s+/).length < 3
  )
    return "template";
  if (/[✅✔☑]/u.test(text)) return "check mark";
  if (/[\u2500-\u259f]/u.test(text)) return "box drawing";
  if (
    text
      .trim()
      .split(/\s+/)
      .filter((w) => /[\p{L}\p{N}]/u.test(w)).length < 2
  )
    return "fragment";
  return null;
}

const SMALL_TALK_GOAL =
  /^(?:hi|hello|hey|thanks?|ok(?:ay)?|help|(?:show|list)(?: me)?(?: the| your)? tools|what can you do)[\s!.?]*$/i;

const rows: Row[] = [];
const folderProblems: string[] = [];
const git = await captureGit("/nonexistent/baton-eval-real");

for (const folder of realHomes()) {
  const context: ReaderContext = realContext(folder);
  const readers = await loadReaders();
  const { sessions, errors } = await listSessions(context, readers);
  for (const error of errors) folderProblems.push(`${folder}: ${error.agent}: ${error.message}`);
  const seen = new Map<string, number>();
  for (const { info } of sessions) {
    const key = `${info.agent} ${info.id}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const [key, count] of seen)
    if (count > 1) folderProblems.push(`${folder}: ${key} listed ${count} times`);
  // `--latest` in each recorded folder must pick a session, never a subagent.
  for (const cwd of new Set(sessions.map((s) => s.info.cwd).filter((c) => c !== null))) {
    const latest = await findSession(context, readers, { latest: true, cwd: cwd as string });
    if (await isSubagentFile(latest.info.location))
      folderProblems.push(`${folder}: --latest in ${cwd} picked a subagent`);
  }
  for (const { reader, info } of sessions) {
    const session = await reader.readSession(info.location, context);
    rows.push(checkSession(folder, session, info.firstPrompt, await isSubagent(session)));
  }
}

/** Claude Code sidechains (`isSidechain: true`), Codex threads a parent spawned. */
async function isSubagent(session: Session): Promise<boolean> {
  if (session.agent === "codex") return session.parentId !== null;
  return isSubagentFile(session.location);
}

async function isSubagentFile(location: string): Promise<boolean> {
  if (!location.endsWith(".jsonl")) return false;
  let sidechain = false;
  await peekLines(
    location,
    (record) => {
      if (record.isSidechain === true) sidechain = true;
    },
    5,
  );
  return sidechain;
}

function checkSession(
  folder: string,
  session: Session,
  firstPrompt: string | null,
  subagent: boolean,
): Row {
  const problems: string[] = [];
  if (subagent) problems.push("subagent listed as a session");
  const calls = session.messages.flatMap((m) => m.toolCalls);
  const shells = calls.filter((c) => c.category === "shell");
  // Refused before it ran (the person rejected it, a PreToolUse hook blocked it, a sibling
  // call failed first): an error with no exit code. Not a command that finished.
  const notRun = shells.filter((c) => c.unfinished !== true && c.isError && c.exitCode === null);
  const finished = shells.filter((c) => c.unfinished !== true && !notRun.includes(c));
  const withExit = finished.filter((c) => c.exitCode !== null);
  if (withExit.length < finished.length)
    problems.push(`${finished.length - withExit.length} finished shell commands without exit code`);
  const windows = session.cwd !== null && WINDOWS_PATH.test(session.cwd);
  const foreign = (path: string) => (windows ? path.startsWith("/") : WINDOWS_PATH.test(path));
  const recorded = [...session.files.map((f) => f.path), ...calls.flatMap((c) => c.paths)];
  const handoff = summarizeSession(session, git);
  const shown = [
    ...(handoff.modifiedFiles ?? []).map((f) => f.path),
    ...(handoff.filesToRead ?? []).map((f) => f.path ?? ""),
  ].filter((p) => p !== "");
  const foreignPaths = [
    ...recorded.filter(foreign),
    ...shown.filter((p) => p.startsWith("/") || WINDOWS_PATH.test(p) || p.includes("\\")),
  ];
  if (foreignPaths.length > 0) problems.push(`paths not in the recording machine's form`);
  const promptKind = firstPrompt === null ? "none" : classifyUserText(firstPrompt);
  if (promptKind !== "request" && promptKind !== "handoff" && promptKind !== "none")
    problems.push(`first prompt is ${promptKind}`);
  const goal = handoff.goal?.text ?? null;
  const goalKind = goal === null ? "none" : classifyUserText(goal);
  if (goalKind !== "request" && goalKind !== "handoff" && goalKind !== "none")
    problems.push(`goal is ${goalKind}`);
  if (goal === null && firstPrompt !== null) problems.push("no goal though a prompt was read");
  if (goal !== null && SMALL_TALK_GOAL.test(goal.trim())) problems.push("goal is small talk");
  const statements = [
    ...(handoff.keyDecisions ?? []).flatMap((d) => [d.decision, d.reason]),
    ...(handoff.failedApproaches ?? []).flatMap((f) => [f.approach, f.reason]),
  ].filter((text): text is string => text !== null);
  const fragments = statements.flatMap((text) => {
    const kind = fragmentKind(text);
    return kind === null ? [] : [`${kind}: ${clip(text, 60)}`];
  });
  if (fragments.length > 0) problems.push(`fragments taken as facts: ${fragments.join(" | ")}`);
  const claimedSteps = (handoff.nextSteps ?? []).filter((s) => s.provenance === "claimed").length;
  return {
    folder,
    agent: session.agent,
    id: session.id.slice(0, 8),
    version: session.agentVersion ?? "?",
    messages: session.messageCount,
    shells: shells.length,
    finished: finished.length,
    withExit: withExit.length,
    unfinished: shells.filter((c) => c.unfinished === true).length,
    notRun: notRun.length,
    foreignPaths,
    firstPrompt: clip(firstPrompt ?? "-"),
    goal: clip(goal ?? "-"),
    statements: statements.length,
    fragments,
    claimedSteps,
    problems,
  };
}

function clip(text: string, max = 40): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const header = [
  "folder",
  "agent",
  "session",
  "version",
  "msgs",
  "shell: finished/with exit/unfinished/not run",
  "foreign paths",
  "first prompt",
  "goal",
  "result",
];
const table = [
  header,
  ...rows.map((r) => [
    r.folder,
    r.agent,
    r.id,
    r.version,
    String(r.messages),
    `${r.shells}: ${r.finished}/${r.withExit}/${r.unfinished}/${r.notRun}`,
    String(r.foreignPaths.length),
    r.firstPrompt,
    r.goal,
    r.problems.length === 0 ? "ok" : r.problems.join("; "),
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
const render = (row: string[]) =>
  `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
const lines = [
  render(header),
  `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
  ...table.slice(1).map(render),
];
process.stdout.write(`${lines.join("\n")}\n\n`);

const subagents = rows.filter((r) => r.problems.includes("subagent listed as a session")).length;
const checks: [string, boolean, string][] = [
  [
    "each session listed once",
    !folderProblems.some((p) => p.includes("listed")),
    `${rows.length} sessions in ${realHomes().length} folders`,
  ],
  [
    "no subagent taken as a session",
    subagents === 0 && !folderProblems.some((p) => p.includes("subagent")),
    `${subagents} listed, --latest checked per folder`,
  ],
  [
    "every finished shell command has its exit code",
    rows.every((r) => r.withExit === r.finished),
    `${sum((r) => r.withExit)}/${sum((r) => r.finished)} finished; ${sum((r) => r.unfinished)} unfinished, ${sum((r) => r.notRun)} refused before running`,
  ],
  [
    "no path outside the recording machine's form",
    rows.every((r) => r.foreignPaths.length === 0),
    `${sum((r) => r.foreignPaths.length)} foreign`,
  ],
  [
    "goal and first prompt are user requests",
    rows.every((r) => !r.problems.some((p) => /prompt|goal/.test(p))),
    `${rows.filter((r) => r.firstPrompt !== "-").length} prompts, ${rows.filter((r) => r.goal !== "-").length} goals, none small talk`,
  ],
  [
    "no decision, failed approach or reason is a template or a fragment",
    rows.every((r) => r.fragments.length === 0),
    `${sum((r) => r.statements)} looked at, ${sum((r) => r.fragments.length)} fragments`,
  ],
];
for (const [name, ok, detail] of checks)
  process.stdout.write(`${ok ? "PASS" : "FAIL"}  ${name} (${detail})\n`);
for (const problem of folderProblems) process.stdout.write(`      ${problem}\n`);
const withSteps = rows.filter((r) => r.claimedSteps > 0);
process.stdout.write(
  `REPORT  next steps stated by the model or a compaction summary (claimed): ${sum((r) => r.claimedSteps)} in ${withSteps.length} sessions (${withSteps.map((r) => `${r.id} ${r.claimedSteps}`).join(", ") || "none"}); whether the rest of a session finished one is not decided here: a person reads them\n`,
);
process.exit(checks.every(([, ok]) => ok) && folderProblems.length === 0 ? 0 : 1);

function sum(pick: (row: Row) => number): number {
  return rows.reduce((total, row) => total + pick(row), 0);
}
