import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { BatonError } from "../../core/errors.ts";
import type { Handoff } from "../../core/handoff.ts";
import type { Session } from "../../core/session.ts";
import {
  fromSessionState,
  renderSessionStatePrompt,
  type SessionState,
  toSessionState,
} from "../../core/session-state.ts";
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
  const { handoff, basis } = await chooseBasis(input, project);
  const redacted = await redactValue(
    { ...toSessionState(handoff), agent: input.target.agent, timestamp: input.now.toISOString() },
    { env: { ...input.env } },
  );
  const path = join(project.root, input.target.path);
  await makeFolders(dirname(path));
  await replaceFile(path, `${JSON.stringify(redacted.value, null, 2)}\n`);
  return { path, state: redacted.value, basis, redactions: redacted.count };
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
): Promise<{ path: string; state: SessionState; prompt: string; ignored: number }> {
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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BatonError("parse", `${path} is not valid JSON (${(error as Error).message})`);
  }
  const imported = fromSessionState(json, agentId);
  return {
    path,
    state: imported.state,
    prompt: renderSessionStatePrompt(imported.state, displayName),
    ignored: imported.ignored,
  };
}
