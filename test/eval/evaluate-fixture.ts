import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadReaders } from "../../src/adapters/registry.ts";
import type { ReaderContext } from "../../src/agents/agent-reader.ts";
import { encodeClaudeProjectDir } from "../../src/agents/claude-code/paths.ts";
import { findSession } from "../../src/agents/find-sessions.ts";
import { countTokens } from "../../src/core/count-tokens.ts";
import type { Handoff, Sections } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { renderPrompt } from "../../src/core/render-prompt.ts";
import type { Session } from "../../src/core/session.ts";
import { captureGit } from "../../src/git/capture-git.ts";
import { buildHandoff } from "../../src/summarize/build-handoff.ts";
import { SIZE_PRESETS, type SizePreset } from "../../src/summarize/extractive/size-presets.ts";
import { nameFileCommits } from "../../src/summarize/name-file-commits.ts";
import { sectionsFromSession } from "../../src/summarize/sections-from-session.ts";
import { sourceFromSession } from "../../src/summarize/source-from-session.ts";
import { copyStabilized } from "../support/fixtures/copy-stabilized.ts";
import {
  FIXTURES_ROOT,
  type FixtureFacts,
  readFixtureFacts,
} from "../support/fixtures/fixture-facts.ts";
import { restoreFixtureRepo } from "../support/fixtures/fixture-repo.ts";
import { gitTestEnv } from "../support/temp-repo.ts";
import { coversFact } from "./fact-coverage.ts";

/**
 * The bar every recorded scenario must clear (issues 5 and 12). The prompt's bar is the size
 * preset's budget: 400 tokens for the default, `standard`.
 */
export const EVAL_THRESHOLDS = {
  factRecall: 1,
  fileF1: 0.98,
  promptRecall: 0.95,
  promptTokens: SIZE_PRESETS.standard.promptBudget,
} as const;

export interface FactCheck {
  fact: string;
  section: string;
  found: boolean;
}

export interface EvalResult {
  /** `<agent>/<version>/<scenario>` */
  name: string;
  facts: FactCheck[];
  factRecall: number;
  /** The facts the continuation prompt alone must carry (issue 12), looked for in it. */
  promptFacts: FactCheck[];
  promptRecall: number;
  files: { precision: number; recall: number; f1: number; missing: string[]; extra: string[] };
  validation: { command: boolean; exitCode: boolean; errorLine: boolean };
  sessionTokens: number;
  documentTokens: number;
  promptTokens: number;
  /** The size preset's prompt budget the prompt is held to. */
  promptBudget: number;
  /** Document tokens over session tokens. */
  compression: number;
  handoff: Handoff;
  document: string;
  prompt: string;
}

/** Every `<agent>/<version>/<scenario>` folder holding a facts.json. */
export function listFixtureDirs(root = FIXTURES_ROOT): string[] {
  if (!existsSync(root)) return [];
  const dirsIn = (dir: string) =>
    readdirSync(dir)
      .sort()
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isDirectory());
  return dirsIn(root)
    .flatMap(dirsIn)
    .flatMap(dirsIn)
    .filter((dir) => existsSync(join(dir, "facts.json")));
}

/**
 * Reads a fixture's session the way `baton create --from` does: the agent's store is a
 * temporary copy of the fixture's home (so a reader that touches a database's WAL never
 * writes into the repository), found by session id through the agents' own environment
 * variables. A fixture recorded with its repository (`repo.bundle`) is read in a restored
 * copy of it, so git's view joins the transcript's; without one, git is "not a repository"
 * and every file fact has to come from the transcript.
 */
export async function readFixtureSession(
  dir: string,
  facts: FixtureFacts,
): Promise<{ session: Session; homedir: string; repo: string | null; cleanup: () => void }> {
  const scratch = mkdtempSync(join(tmpdir(), "baton-eval-"));
  const home = join(scratch, "home");
  const cleanup = () => rmSync(scratch, { recursive: true, force: true });
  try {
    // A fixture that kept its repository is read where it is restored, as `create --from`
    // run in that repository reads it: the session's folder names the restored one.
    const repoDir = join(scratch, "repo");
    const repo = restoreFixtureRepo(dir, repoDir, facts.branch) ? repoDir : null;
    if (repo === null) cpSync(join(dir, "home"), home, { recursive: true });
    else {
      copyStabilized(join(dir, "home"), home, [
        [encodeClaudeProjectDir(facts.cwd), encodeClaudeProjectDir(repo)],
        [facts.cwd, repo],
      ]);
    }
    const context: ReaderContext = {
      homedir: home,
      env: {
        HOME: home,
        CLAUDE_CONFIG_DIR: join(home, ".claude"),
        CODEX_HOME: join(home, ".codex"),
        XDG_DATA_HOME: join(home, ".local", "share"),
      },
    };
    const { reader, info } = await findSession(context, await loadReaders(facts.agent), {
      id: facts.sessionId,
    });
    return {
      session: await reader.readSession(info.location, context),
      homedir: home,
      repo,
      cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

export async function evaluateFixture(
  dir: string,
  size: SizePreset = "standard",
): Promise<EvalResult> {
  const facts = readFixtureFacts(dir);
  const { session, homedir, repo, cleanup } = await readFixtureSession(dir, facts);
  try {
    const git = await captureGit(repo ?? facts.cwd, { env: gitTestEnv });
    const sections = await nameFileCommits(sectionsFromSession({ session, git, size }), git);
    const draft = buildHandoff({
      git,
      modifiedFiles: null,
      planFiles: [],
      given: sections,
      trigger: "manual",
      topic: facts.branch,
      parent: null,
      created: session.lastActivityAt ?? "2026-01-01T00:00:00.000Z",
      source: sourceFromSession(session, homedir),
    });
    const built: Handoff = { ...draft, id: `eval-${facts.scenario}` };
    const prompt = renderPrompt(built, { budget: SIZE_PRESETS[size].promptBudget });
    const document = renderDocument(built);
    // Scored on the document as written and read back: what a receiver would get.
    const handoff = parseDocument(document);
    const checks = checkFacts(handoff.sections, facts);
    const promptChecks = checkPromptFacts(prompt.text, facts);
    const sessionTokens = countTokens(sessionText(session));
    const documentTokens = countTokens(document);
    return {
      name: `${facts.agent}/${facts.agentVersion}/${facts.scenario}`,
      facts: checks,
      factRecall: checks.filter((check) => check.found).length / checks.length,
      promptFacts: promptChecks,
      promptRecall: promptChecks.filter((check) => check.found).length / promptChecks.length,
      files: scoreFiles(handoff.sections, facts),
      validation: scoreValidation(handoff.sections, facts),
      sessionTokens,
      documentTokens,
      promptTokens: prompt.tokens,
      promptBudget: SIZE_PRESETS[size].promptBudget,
      compression: documentTokens / Math.max(1, sessionTokens),
      handoff,
      document,
      prompt: prompt.text,
    };
  } finally {
    cleanup();
  }
}

export function passesThresholds(result: EvalResult): boolean {
  return (
    result.factRecall >= EVAL_THRESHOLDS.factRecall &&
    result.promptRecall >= EVAL_THRESHOLDS.promptRecall &&
    result.files.f1 >= EVAL_THRESHOLDS.fileF1 &&
    result.promptTokens <= result.promptBudget
  );
}

/**
 * The planted facts, each looked for in the section it belongs to: the goal, the decision,
 * the failed approach, the open question, the failing error line, every todo with its
 * status (and the pending ones among the next steps), and the subagents' tasks.
 */
export function checkFacts(s: Sections, facts: FixtureFacts): FactCheck[] {
  const checks: FactCheck[] = [];
  const check = (fact: string, section: string, text: string) =>
    checks.push({ fact, section, found: coversFact(text, fact) });
  check(facts.goal, "goal", s.goal?.text ?? "");
  if (facts.latestRequest !== undefined) check(facts.latestRequest, "goal", s.goal?.text ?? "");
  check(
    facts.decision,
    "keyDecisions",
    (s.keyDecisions ?? []).map((d) => `${d.decision} ${d.reason ?? ""}`).join("\n"),
  );
  check(
    facts.failedApproach,
    "failedApproaches",
    (s.failedApproaches ?? []).map((f) => `${f.approach} ${f.reason ?? ""}`).join("\n"),
  );
  check(facts.openQuestion, "openQuestions", (s.openQuestions ?? []).map((q) => q.text).join("\n"));
  const errorLines = (s.validation ?? []).map((v) => v.errorLine ?? "").join("\n");
  check(facts.failingError, "validation", errorLines);
  if (facts.failingTest !== undefined) check(facts.failingTest, "validation", errorLines);
  for (const { path, commit } of facts.filesCommitted ?? []) {
    const file = (s.modifiedFiles ?? []).find((f) => f.path === path);
    checks.push({
      fact: `${path} committed in ${commit.slice(0, 7)}`,
      section: "modifiedFiles",
      found:
        file?.state === "committed" && file.commit !== undefined && commit.startsWith(file.commit),
    });
  }
  const todos = s.todos ?? [];
  const withStatus = (done: boolean) =>
    todos
      .filter((todo) => (todo.status === "completed") === done && todo.status !== "cancelled")
      .map((todo) => todo.text)
      .join("\n");
  for (const todo of facts.todos.done) check(todo, "todos (done)", withStatus(true));
  for (const todo of facts.todos.pending) check(todo, "todos (open)", withStatus(false));
  for (const todo of facts.todos.pending) {
    check(todo, "nextSteps", (s.nextSteps ?? []).map((step) => step.text).join("\n"));
  }
  for (const subagent of facts.subagents ?? []) {
    check(subagent, "currentState", (s.currentState ?? []).map((fact) => fact.text).join("\n"));
  }
  return checks;
}

/**
 * What the next session must be told even when it reads nothing but the prompt: the goal,
 * the changed files, the last check (its command, and the planted error when it failed),
 * the pending todos, the open question and the model. Decisions and failed approaches are
 * the document's (the prompt keeps them while they fit).
 */
function checkPromptFacts(prompt: string, facts: FixtureFacts): FactCheck[] {
  const checks: FactCheck[] = [];
  const check = (fact: string, section: string, found: boolean) =>
    checks.push({ fact, section, found });
  check(facts.goal, "goal", coversFact(prompt, facts.goal));
  if (facts.latestRequest !== undefined) {
    check(facts.latestRequest, "latest request", coversFact(prompt, facts.latestRequest));
  }
  for (const path of [...facts.filesCreated, ...facts.filesModified]) {
    check(path, "files", prompt.includes(path));
  }
  for (const { path, commit } of facts.filesCommitted ?? []) {
    const named = new RegExp(`${escapeRegExp(path)} \\([^)]*committed in ([0-9a-f]+)\\)`).exec(
      prompt,
    );
    check(
      `${path} committed in ${commit.slice(0, 7)}`,
      "files",
      commit.startsWith(named?.[1] ?? "-"),
    );
  }
  const last = facts.commands.at(-1);
  if (last !== undefined) {
    check(last.command, "last check", prompt.includes(`\`${last.command}\``));
    if (last.exitCode !== 0) {
      check(facts.failingError, "last check", prompt.includes(facts.failingError));
      if (facts.failingTest !== undefined) {
        check(facts.failingTest, "last check", prompt.includes(facts.failingTest));
      }
    }
  }
  for (const todo of facts.todos.pending) check(todo, "pending todo", coversFact(prompt, todo));
  check(facts.openQuestion, "open question", coversFact(prompt, facts.openQuestion));
  check(facts.model, "model", prompt.includes(facts.model));
  return checks;
}

function scoreFiles(s: Sections, facts: FixtureFacts): EvalResult["files"] {
  const expected = new Set([
    ...facts.filesCreated,
    ...facts.filesModified,
    ...(facts.filesCommitted ?? []).map((file) => file.path),
  ]);
  const got = new Set((s.modifiedFiles ?? []).map((file) => file.path));
  const hits = [...got].filter((path) => expected.has(path)).length;
  const precision = got.size === 0 ? 0 : hits / got.size;
  const recall = expected.size === 0 ? 1 : hits / expected.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    f1,
    missing: [...expected].filter((path) => !got.has(path)),
    extra: [...got].filter((path) => !expected.has(path)),
  };
}

/**
 * Right command (the scenario's last check is the handoff's last), right exit code (that
 * run's), right error line (a failed run's error line holds the planted error).
 */
function scoreValidation(s: Sections, facts: FixtureFacts): EvalResult["validation"] {
  const runs = s.validation ?? [];
  const expected = facts.commands.at(-1);
  const last =
    expected === undefined ? undefined : runs.findLast((v) => v.command === expected.command);
  return {
    command: last !== undefined,
    exitCode: last !== undefined && last.exitCode === expected?.exitCode,
    errorLine: runs.some(
      (v) => v.exitCode !== 0 && v.errorLine !== null && v.errorLine.includes(facts.failingError),
    ),
  };
}

/** What the model read and wrote: every message's text, tool inputs and outputs. */
function sessionText(session: Session): string {
  const parts: string[] = [];
  for (const message of session.messages) {
    parts.push(message.text);
    for (const call of message.toolCalls) {
      parts.push(call.name, JSON.stringify(call.input ?? null), call.output ?? "");
    }
  }
  for (const compaction of session.compactions) parts.push(compaction.text);
  return parts.join("\n");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
