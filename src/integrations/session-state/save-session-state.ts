import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ReaderContext } from "../../agents/agent-reader.ts";
import { claudeCodeReader } from "../../agents/claude-code/claude-code-reader.ts";
import { BatonError } from "../../core/errors.ts";
import { emptySource, type Handoff, type Sections, type Source } from "../../core/handoff.ts";
import {
  fromSessionState,
  renderSessionStatePrompt,
  SESSION_STATE_PATHS,
  type SessionState,
  toSessionState,
} from "../../core/session-state.ts";
import type { GitState } from "../../git/capture-git.ts";
import { toModifiedFiles } from "../../git/to-modified-files.ts";
import { makeFolders } from "../../store/make-folders.ts";
import type { HandoffStore } from "../../store/open-store.ts";
import { replaceFile } from "../../store/write-file-atomic.ts";
import { buildHandoff, chooseTopic } from "../../summarize/build-handoff.ts";
import { sectionsFromSession } from "../../summarize/sections-from-session.ts";
import { sourceFromSession } from "../../summarize/source-from-session.ts";

export type SessionStateAgent = keyof typeof SESSION_STATE_PATHS;

/** Seed 001 names agents by their folder (`claude`); baton by their program (`claude-code`). */
const AGENT_ALIASES: Readonly<Record<string, SessionStateAgent>> = {
  "claude-code": "claude-code",
  claude: "claude-code",
  opencode: "opencode",
  copilot: "copilot",
  "github-copilot": "copilot",
};

export function toSessionStateAgent(name: string | undefined): SessionStateAgent {
  const agent = name === undefined ? undefined : AGENT_ALIASES[name];
  if (agent === undefined) {
    throw new BatonError(
      "usage",
      `name the agent: one of ${Object.keys(SESSION_STATE_PATHS).join(", ")}${name === undefined ? "" : `, not "${name}"`}`,
    );
  }
  return agent;
}

export function sessionStatePath(root: string, agent: SessionStateAgent): string {
  return join(root, SESSION_STATE_PATHS[agent]);
}

export interface SaveInput {
  agent: SessionStateAgent;
  root: string;
  git: GitState;
  store: HandoffStore;
  now: Date;
  reader: ReaderContext;
  /** The Claude Code session to read (`$CLAUDE_CODE_SESSION_ID` inside Claude Code). */
  claudeSessionId: string | null;
}

export interface SavedState {
  path: string;
  state: SessionState;
  /** Where the task and next steps came from. */
  basis: string;
}

/**
 * Seed 001's `session:save <agent>`: writes the agent's session-state file from what baton
 * knows best, in order: the newest live handoff of this branch; else, inside Claude Code,
 * this session's transcript summarised extractively; else git alone (as the seed's own
 * script does).
 */
export async function saveSessionState(input: SaveInput): Promise<SavedState> {
  const { handoff, basis } = await chooseBasis(input);
  const state = {
    ...toSessionState(handoff),
    agent: input.agent,
    timestamp: input.now.toISOString(),
  };
  const path = sessionStatePath(input.root, input.agent);
  await makeFolders(dirname(path));
  await replaceFile(path, `${JSON.stringify(state, null, 2)}\n`);
  return { path, state, basis };
}

async function chooseBasis(input: SaveInput): Promise<{ handoff: Handoff; basis: string }> {
  const live = (await input.store.list()).find(
    (entry) =>
      entry.ok &&
      (entry.handoff.status === "open" || entry.handoff.status === "claimed") &&
      entry.handoff.branch === input.git.branch,
  );
  if (live?.ok) return { handoff: live.handoff, basis: `handoff ${live.id}` };

  let sections: Partial<Sections> = {};
  let source: Source = { ...emptySource(), agent: input.agent };
  let basis = "git";
  if (input.agent === "claude-code" && input.claudeSessionId !== null) {
    const ref = (await claudeCodeReader.locateSessions(input.reader)).find(
      (candidate) => candidate.id === input.claudeSessionId,
    );
    if (ref !== undefined) {
      const session = await claudeCodeReader.readSession(ref.location, input.reader);
      sections = sectionsFromSession({ session, git: input.git });
      source = sourceFromSession(session, input.reader.homedir);
      basis = `Claude Code session ${session.id}`;
    }
  }
  const draft = buildHandoff({
    git: input.git,
    modifiedFiles: basis === "git" && input.git.inRepo ? toModifiedFiles(input.git) : null,
    planFiles: [],
    given: sections,
    trigger: "manual",
    topic: chooseTopic({ branch: input.git.branch, goal: sections.goal?.text ?? null }),
    parent: null,
    created: input.now.toISOString(),
    source,
  });
  return { handoff: { ...draft, id: "session-state" }, basis };
}

/** Seed 001's `session:restore <agent>`: the saved state and its restore prompt. */
export async function restoreSessionState(
  root: string,
  agent: SessionStateAgent,
): Promise<{ path: string; state: SessionState; prompt: string; ignored: number }> {
  const path = sessionStatePath(root, agent);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new BatonError(
      "not-found",
      `no session state for ${agent} at ${SESSION_STATE_PATHS[agent]} (run "baton save ${agent}")`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BatonError("parse", `${path} is not valid JSON (${(error as Error).message})`);
  }
  const imported = fromSessionState(json);
  return {
    path,
    state: imported.state,
    prompt: renderSessionStatePrompt(imported.state),
    ignored: imported.ignored,
  };
}
