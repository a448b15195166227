import { emptySource, type Handoff, type Sections } from "../../core/handoff.ts";
import type { Session } from "../../core/session.ts";
import { captureGit } from "../../git/capture-git.ts";
import { findPlanFiles } from "../../git/find-plan-files.ts";
import { toModifiedFiles } from "../../git/to-modified-files.ts";
import { withoutHandoffFolder } from "../../git/without-handoff-folder.ts";
import { redactHandoffFast } from "../../safety/redact-handoff.ts";
import { likelyHandoffId } from "../../store/handoff-file-name.ts";
import { openStore } from "../../store/open-store.ts";
import { previousOfSession } from "../../store/previous-of-session.ts";
import { slugifyTopic } from "../../store/slugify-topic.ts";
import { buildHandoff, chooseTopic } from "../../summarize/build-handoff.ts";
import { sectionsFromSession } from "../../summarize/sections-from-session.ts";
import { sourceFromSession } from "../../summarize/source-from-session.ts";
import { withTokens } from "../../summarize/with-tokens.ts";
import { cacheHandoffPrompt } from "./cache-prompt.ts";
import type { HookContext } from "./hook-context.ts";
import { logHook } from "./log-hook.ts";
import type { HookInput } from "./read-hook-input.ts";
import { startTranscriptRead } from "./read-session-in-worker.ts";

export interface CapturedHandoff {
  handoff: Handoff;
  path: string;
}

/**
 * PreCompact: the handoff of everything before this compaction, from the transcript
 * (extractive summary, todos, commands and their exit codes) and git, with trigger
 * `compact`. Its parent is this session's previous handoff, which it supersedes while
 * that one is still live. The continuation prompt is cached at once, so the SessionStart
 * hook that follows the compaction only prints it.
 *
 * A transcript that cannot be read does not stop the capture: the handoff then holds the
 * git facts and the enrich markers, and the log says why.
 */
export async function captureCompactHandoff(
  input: HookInput,
  context: HookContext,
  /** The transcript's read, when the caller started it early (see `startTranscriptRead`). */
  reading: Promise<Session> | null = startTranscriptRead(input, context),
): Promise<CapturedHandoff> {
  const { env } = context;
  const cwd = input.cwd ?? context.cwd;
  const now = context.now();
  const [session, captured] = await Promise.all([
    readTranscript(input, context, reading),
    captureGit(cwd, { env: { ...env } }),
  ]);
  const root = captured.root ?? cwd;
  const store = openStore({ root, env: { ...env }, now: context.now });
  const git = await withoutHandoffFolder(captured, store.dir);
  const sessionId = session?.id ?? input.sessionId;
  const [planFiles, parent] = await Promise.all([
    findPlanFiles(root, { now }),
    sessionId === null ? null : previousOfSession(store, sessionId),
  ]);

  let sections: Partial<Sections>;
  let modifiedFiles = null;
  if (session !== null) {
    sections = sectionsFromSession({ session, git, parent, planFiles });
  } else {
    sections = {};
    modifiedFiles = git.inRepo ? toModifiedFiles(git) : null;
  }
  const source = session
    ? sourceFromSession(session, context.homedir)
    : { ...emptySource(), agent: "claude-code", sessionId, transcript: input.transcriptPath };
  if (source.model === null && input.model !== null) source.model = input.model;
  const draft = buildHandoff({
    git,
    modifiedFiles,
    planFiles: session === null ? planFiles : [],
    given: sections,
    trigger: "compact",
    topic: chooseTopic({ branch: git.branch, goal: sections.goal?.text ?? null }),
    parent: parent?.id ?? null,
    created: now.toISOString(),
    source,
  });
  const redacted = redactHandoffFast(draft, { env: { ...env } });
  const safe = { ...redacted.handoff, topic: slugifyTopic(redacted.handoff.topic) };
  const { handoff, path } = await store.create(withTokens(safe, likelyHandoffId(safe, now)));
  if (parent !== null && (parent.status === "open" || parent.status === "claimed")) {
    await store.supersede(parent.id, handoff.id).catch((error: unknown) => {
      logHook(
        env,
        "PreCompact",
        `wrote ${handoff.id} but could not supersede ${parent.id}: ${String(error)}`,
      );
    });
  }
  cacheHandoffPrompt(handoff, path, root, env);
  return { handoff, path };
}

async function readTranscript(
  input: HookInput,
  context: HookContext,
  reading: Promise<Session> | null,
): Promise<Session | null> {
  if (reading === null) {
    logHook(context.env, "PreCompact", "no transcript_path on stdin; capturing git facts only");
    return null;
  }
  try {
    const session = await reading;
    const warnings = Object.entries(session.warnings);
    if (warnings.length > 0) {
      const list = warnings.map(([reason, count]) => `${reason} ×${count}`).join(", ");
      logHook(context.env, "PreCompact", `${input.transcriptPath}: read with warnings: ${list}`);
    }
    return session;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logHook(
      context.env,
      "PreCompact",
      `cannot read transcript ${input.transcriptPath} (${reason}); capturing git facts only`,
    );
    return null;
  }
}
