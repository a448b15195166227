import { homedir } from "node:os";
import { relative } from "node:path";
import type { Handoff, Sections, Trigger } from "../../core/handoff.ts";
import { renderPrompt } from "../../core/render-prompt.ts";
import { captureGit } from "../../git/capture-git.ts";
import { findPlanFiles } from "../../git/find-plan-files.ts";
import { withoutHandoffFolder } from "../../git/without-handoff-folder.ts";
import { redactHandoff, redactHandoffFast } from "../../safety/redact-handoff.ts";
import { likelyHandoffId } from "../../store/handoff-file-name.ts";
import { openStore } from "../../store/open-store.ts";
import { previousOfSession } from "../../store/previous-of-session.ts";
import { slugifyTopic } from "../../store/slugify-topic.ts";
import { buildHandoff, chooseTopic } from "../../summarize/build-handoff.ts";
import { sectionsFromSession } from "../../summarize/sections-from-session.ts";
import { sourceFromSession } from "../../summarize/source-from-session.ts";
import { withTokens } from "../../summarize/with-tokens.ts";
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
  const [live, captured] = await Promise.all([
    readApiSession(input.client, input.sessionId, input.directory),
    captureGit(input.directory, { env: { ...env } }),
  ]);
  const root = captured.root ?? input.directory;
  const store = openStore({ root, env: { ...env }, now: () => now });
  const [git, planFiles, parent] = await Promise.all([
    withoutHandoffFolder(captured, store.dir),
    findPlanFiles(root, { now }),
    previousOfSession(store, input.sessionId),
  ]);
  const sections = sectionsFromSession({
    session: live.session,
    git,
    planFiles,
    parent,
    given: input.given ?? {},
  });
  const source = sourceFromSession(live.session, env.HOME ?? homedir());
  if (live.agent !== null) source.agentMode = live.agent;
  if (live.model !== null) {
    source.model = live.model.modelID;
    source.provider = live.model.providerID;
  }
  const draft = buildHandoff({
    git,
    modifiedFiles: null,
    planFiles: [],
    given: sections,
    trigger: input.trigger,
    topic: chooseTopic({ branch: git.branch, goal: sections.goal?.text ?? live.title }),
    parent: parent?.id ?? null,
    created: now.toISOString(),
    source,
  });
  const redacted = input.thorough
    ? await redactHandoff(draft, { env: { ...env } })
    : redactHandoffFast(draft, { env: { ...env } });
  const safe = { ...redacted.handoff, topic: slugifyTopic(redacted.handoff.topic) };
  const { handoff, path } = await store.create(withTokens(safe, likelyHandoffId(safe, now)));
  if (parent !== null && (parent.status === "open" || parent.status === "claimed")) {
    // The new handoff carries on what still held of the old one; a failure here must not
    // hide that the new one is written.
    await store.supersede(parent.id, handoff.id).catch(() => undefined);
  }
  const inside = relative(input.directory, path);
  const documentPath = inside === "" || inside.startsWith("..") ? path : inside;
  const prompt = renderPrompt(handoff, { documentPath }).text;
  return { handoff, path, prompt, live };
}
