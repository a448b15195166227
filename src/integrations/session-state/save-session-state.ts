import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { BatonError } from "../../core/errors.ts";
import type { Handoff } from "../../core/handoff.ts";
import type { Session } from "../../core/session.ts";
import {
  type ExtraField,
  fromSessionState,
  renderSessionStatePrompt,
  type SessionState,
  toSessionState,
} from "../../core/session-state.ts";
import { type ExcludeOutcome, excludeFromGit } from "../../git/exclude-from-git.ts";
import { type GithubRefs, readGithubRefs } from "../../git/read-github-refs.ts";
import { redactValue } from "../../safety/redact-value.ts";
import { makeFolders } from "../../store/make-folders.ts";
import { replaceFile } from "../../store/write-file-atomic.ts";
import { draftHandoff } from "../../summarize/capture-handoff.ts";
import { openProject, type Project } from "../../summarize/open-project.ts";

/** An agent with a session-state file: its id and where the file goes (from its adapter). */
export interface SessionStateTarget {
  agent: string;
  displayName: string;
  /** Relative to the repository root. */
  path: string;
}

export interface SaveInput {
  target: SessionStateTarget;
  /** Reasons recorded with this save (`--note`): seed 001's "document the escalation reason". */
  notes?: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  now: Date;
  dir?: string | undefined;
  /** The session baton runs inside, when the agent names it; its read may still be under way. */
  session: Promise<Session | null> | Session | null;
}

export interface SavedState {
  path: string;
  state: SessionState;
  /** Where the task and next steps came from. */
  basis: string;
  /** Secrets masked in the file. */
  redactions: number;
  /** Where `git.issues` and `git.prs` came from, or why they are empty. */
  github: GithubRefs;
  /** Whether the file was kept out of git. */
  exclude: ExcludeOutcome;
}

/**
 * Seed 001's `session:save <agent>`: writes the agent's session-state file from what baton
 * knows best, in order: the newest live handoff of this branch; else the session it runs
 * inside, summarised by the capture pipeline; else git alone (as the seed's own script
 * does). The file passes redaction as written, whatever it was made from: a handoff on disk
 * may have been edited by hand.
 */
export async function saveSessionState(input: SaveInput): Promise<SavedState> {
  const project = await openProject({ ...input, now: () => input.now });
  const [{ handoff, basis }, github] = await Promise.all([
    chooseBasis(input, project),
    readGithubRefs({ cwd: project.root, env: input.env, branch: project.git.branch }),
  ]);
  const state = toSessionState(handoff);
  if (github.ok) state.git = { ...state.git, issues: github.issues, prs: github.prs };
  const notes = (input.notes ?? []).map((note) => note.trim()).filter((note) => note !== "");
  const redacted = await redactValue(
    { ...state, agent: input.target.agent, timestamp: input.now.toISOString(), notes },
    { env: { ...input.env } },
  );
  const path = join(project.root, input.target.path);
  await makeFolders(dirname(path));
  await replaceFile(path, `${JSON.stringify(redacted.value, null, 2)}\n`);
  const exclude = project.git.inRepo
    ? await excludeFromGit(project.root, input.target.path, { ...input.env })
    : ({ kind: "not-a-repo" } as const);
  return { path, state: redacted.value, basis, redactions: redacted.count, github, exclude };
}

async function chooseBasis(
  input: SaveInput,
  project: Project,
): Promise<{ handoff: Handoff; basis: string }> {
  const live = (await project.store.list()).find(
    (entry) =>
      entry.ok &&
      (entry.handoff.status === "open" || entry.handoff.status === "claimed") &&
      entry.handoff.branch === project.git.branch,
  );
  if (live?.ok) return { handoff: live.handoff, basis: `handoff ${live.id}` };
  const { draft, session } = await draftHandoff({
    cwd: input.cwd,
    env: input.env,
    now: input.now,
    project,
    session: input.session,
    source: { agent: input.target.agent },
    trigger: "manual",
    thorough: true,
  });
  const basis = session === null ? "git" : `${input.target.displayName} session ${session.id}`;
  return { handoff: { ...draft, id: "session-state" }, basis };
}

/** Seed 001's `session:restore <agent>`: the saved state and its restore prompt. */
export async function restoreSessionState(
  root: string,
  target: SessionStateTarget,
  /** The agent's display name for the restore prompt ("continuing work from Claude Code"). */
  displayName: (agent: string) => string = (agent) => agent,
  agentId: (name: string) => string = (name) => name,
): Promise<RestoredState> {
  const path = join(root, target.path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new BatonError(
      "not-found",
      `no session state for ${target.agent} at ${target.path} (run "baton save ${target.agent}")`,
    );
  }
  const { json, appended } = parseStateText(text, path);
  const imported = fromSessionState(json, agentId);
  const extra = [
    ...imported.extra,
    ...appended.map((line) => ({ path: `line ${line.number} (after the JSON)`, value: line.text })),
  ];
  return {
    path,
    state: imported.state,
    prompt: renderSessionStatePrompt(imported.state, displayName, extra),
    extra,
    appended: appended.length,
  };
}

export interface RestoredState {
  path: string;
  state: SessionState;
  prompt: string;
  /** Fields and lines that are not part of the format: shown in the prompt, named to the user. */
  extra: ExtraField[];
  /** Of those, lines of text after the JSON object (seed 001's `echo "…" >> file`). */
  appended: number;
}

/**
 * The file's JSON object, and the lines of text after it: seed 001 documents an escalation
 * reason with `echo "Escalation: …" >> .opencode/.session-state.json`, which leaves valid
 * JSON followed by prose. That prose is kept and shown rather than failing the restore;
 * anything else that is not JSON is an error naming the file.
 */
function parseStateText(
  text: string,
  path: string,
): { json: unknown; appended: { number: number; text: string }[] } {
  try {
    return { json: JSON.parse(text), appended: [] };
  } catch (error) {
    const end = endOfLeadingObject(text);
    if (end !== null) {
      try {
        const json = JSON.parse(text.slice(0, end));
        const before = text.slice(0, end).split("\n").length;
        const appended = text
          .slice(end)
          .split(/\r?\n/)
          .map((line, index) => ({ number: before + index, text: line.trim() }))
          .filter((line) => line.text !== "");
        return { json, appended };
      } catch {
        // Not JSON before the end either: report the original error.
      }
    }
    throw new BatonError("parse", `${path} is not valid JSON (${(error as Error).message})`);
  }
}

/** Where the `{…}` that opens the text closes, strings and escapes respected; null if it never does. */
function endOfLeadingObject(text: string): number | null {
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== "{") return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return null;
}
