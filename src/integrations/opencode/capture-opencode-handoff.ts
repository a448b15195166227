import { relative } from "node:path";
import type { Handoff, Sections, Trigger } from "../../core/handoff.ts";
import { renderPrompt } from "../../core/render-prompt.ts";
import { captureHandoff } from "../../summarize/capture-handoff.ts";
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
  const env = input.env ?? process.env;
  const now = input.now ?? new Date();
  // Git runs while OpenCode's API answers; without the session there is nothing to hand off.
  const project = openProject({ cwd: input.directory, env, now: () => now });
  project.catch(() => undefined);
  const live = await readApiSession(input.client, input.sessionId, input.directory);
  const { handoff, path } = await captureHandoff({
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
  });
  const inside = relative(input.directory, path);
  const documentPath = inside === "" || inside.startsWith("..") ? path : inside;
  const prompt = renderPrompt(handoff, { documentPath }).text;
  return { handoff, path, prompt, live };
}
