import { join, relative } from "node:path";
import type { Handoff, Sections, Trigger } from "../../core/handoff.ts";
import { renderPrompt } from "../../core/render-prompt.ts";
import { likelyHandoffId } from "../../store/handoff-file-name.ts";
import {
  type CaptureRequest,
  captureHandoff,
  draftHandoff,
} from "../../summarize/capture-handoff.ts";
import { openProject } from "../../summarize/open-project.ts";
import type { OpenCodeClient } from "./opencode-client.ts";
import { type ApiSession, readApiSession } from "./read-api-session.ts";

export interface CaptureInput {
  client: OpenCodeClient;
  /** The project directory OpenCode runs in. */
  directory: string;
  sessionId: string;
  trigger: Trigger;
  /** What the model wrote (claimed); each section given replaces the extracted one. */
  given?: Partial<Sections>;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  /** Secretlint too (slower); the compaction hook uses the fast patterns only. */
  thorough?: boolean;
}

export interface CapturedOpenCodeHandoff {
  handoff: Handoff;
  path: string;
  /** The continuation prompt, whose footer names this session: written by code, not the model. */
  prompt: string;
  live: ApiSession;
}

/**
 * A handoff of a live OpenCode session: the session (todos verified from OpenCode's own
 * store, the rest extracted) and git read in parallel, the given sections on top,
 * redacted, written through the store.
 */
export async function captureOpenCodeHandoff(
  input: CaptureInput,
): Promise<CapturedOpenCodeHandoff> {
  const { request, live } = await requestOf(input);
  const { handoff, path } = await captureHandoff(request);
  return { handoff, path, prompt: promptOf(input.directory, handoff, path), live };
}

/**
 * The same handoff, drafted and not written (the review step of `session_handoff`): what
 * the new session would start with, redacted; no document, no session.
 */
export async function draftOpenCodeHandoff(
  input: CaptureInput,
): Promise<{ id: string; prompt: string }> {
  const { request } = await requestOf(input);
  const { draft, project } = await draftHandoff(request);
  const id = likelyHandoffId(draft, request.now);
  const path = join(project.store.dir, `${id}.md`);
  return { id, prompt: promptOf(input.directory, { ...draft, id }, path) };
}

async function requestOf(
  input: CaptureInput,
): Promise<{ request: CaptureRequest; live: ApiSession }> {
  const env = input.env ?? process.env;
  const now = input.now ?? new Date();
  // Git runs while OpenCode's API answers; without the session there is nothing to hand off.
  const project = openProject({ cwd: input.directory, env, now: () => now });
  project.catch(() => undefined);
  const live = await readApiSession(input.client, input.sessionId, input.directory);
  const request: CaptureRequest = {
    cwd: input.directory,
    env,
    now,
    project,
    session: live.session,
    given: input.given ?? {},
    trigger: input.trigger,
    continueSession: true,
    thorough: input.thorough ?? false,
    source: {
      agentMode: live.agent,
      model: live.model?.modelID ?? null,
      provider: live.model?.providerID ?? null,
    },
    topicHint: live.title,
  };
  return { request, live };
}

function promptOf(directory: string, handoff: Handoff, path: string): string {
  const inside = relative(directory, path);
  const documentPath = inside === "" || inside.startsWith("..") ? path : inside;
  return renderPrompt(handoff, { documentPath }).text;
}
