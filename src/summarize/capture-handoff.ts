import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { isWithin } from "../agents/is-within.ts";
import { asClaims } from "../core/as-claims.ts";
import {
  emptySource,
  type Handoff,
  type Sections,
  type Source,
  type Trigger,
} from "../core/handoff.ts";
import type { Session } from "../core/session.ts";
import { gitOfElsewhere } from "../git/capture-git.ts";
import { findPlanFiles } from "../git/find-plan-files.ts";
import { toModifiedFiles } from "../git/to-modified-files.ts";
import { redactHandoff, redactHandoffFast } from "../safety/redact-handoff.ts";
import type { SecretKind } from "../safety/secret-kind.ts";
import { judgeHandoff, readTrustSet, type TrustSet } from "../safety/trust-store.ts";
import { likelyHandoffId } from "../store/handoff-file-name.ts";
import type { HandoffStore } from "../store/open-store.ts";
import { previousOfSession } from "../store/previous-of-session.ts";
import { sharedRoot } from "../store/shared-root.ts";
import { slugifyTopic } from "../store/slugify-topic.ts";
import { buildHandoff, chooseTopic, type HandoffDraft } from "./build-handoff.ts";
import { SIZE_PRESETS, type SizePreset } from "./extractive/size-presets.ts";
import type { ModelSummary } from "./llm/summarize-with-model.ts";
import { type ModelSpec, modelName, type SummarySettings } from "./llm/summary-settings.ts";
import { nameFileCommits } from "./name-file-commits.ts";
import { openProject, type Project } from "./open-project.ts";
import { preloadCapture } from "./preload-capture.ts";
import { sectionsFromSession } from "./sections-from-session.ts";
import { sourceFromSession } from "./source-from-session.ts";
import { withTokens } from "./with-tokens.ts";

type Env = Readonly<Record<string, string | undefined>>;

export interface CaptureRequest {
  /** The folder the capture is about; git runs there. */
  cwd: string;
  env: Env;
  now: Date;
  /** The handoff folder, when not the default. */
  dir?: string | undefined;
  /** The project, when the caller opened it already. */
  project?: Project | Promise<Project>;
  /**
   * The session to summarize, or a read of it still under way (it runs beside git). A
   * read that fails leaves the handoff to git and what was given, and `sessionError` says why.
   */
  session: Session | null | Promise<Session | null>;
  /** What the caller knows of the source: it fills the fields the session leaves empty. */
  source?: Partial<Source>;
  /** Sections a model or person wrote: each replaces the extracted one. */
  given?: Partial<Sections>;
  trigger: Trigger;
  topic?: string | undefined;
  /** The goal-like text to file the handoff under when there is neither branch nor goal. */
  topicHint?: string | null;
  size?: SizePreset;
  /** The handoff this one continues, by id (`--parent`); it is merged and superseded. */
  parent?: string | undefined;
  /** Continue this session's previous handoff, when no parent is given. */
  continueSession?: boolean;
  /** Keep one open handoff per branch and topic: the store supersedes all but the newest. */
  supersedeSameLine?: boolean;
  /**
   * The session was named by the person (`--session ID`), so it may have been recorded in
   * another folder; hooks and plugins capture the session running here and never set it.
   */
  sessionMayBeElsewhere?: boolean;
  /** Secretlint too (slower, for commands); hooks use the fast patterns only. */
  thorough?: boolean;
  /**
   * The `llm` summary source: the model writes the semantic sections over the extractive
   * ones (sections given by a person or the host model stay theirs). Without it, or with
   * another source, nothing is sent anywhere.
   */
  summary?: SummarySettings & { model: ModelSpec };
  /**
   * Write the extractive handoff now, marked as awaiting the model's summary, instead of
   * waiting for it: a hook's worker asks the model and revises the document in place.
   */
  deferSummary?: boolean;
}

export interface DraftedHandoff {
  draft: HandoffDraft;
  project: Project;
  parent: Handoff | null;
  redactions: number;
  kinds: Partial<Record<SecretKind, number>>;
  /** Why the session could not be read, when it could not. */
  sessionError: string | null;
  session: Session | null;
  /** What the model's pass did, when the `llm` source ran now (not deferred). */
  modelSummary: ModelSummary | null;
  /** The session's folder when it was recorded outside this checkout, else null. */
  recordedIn: string | null;
}

export interface CapturedHandoff extends DraftedHandoff {
  handoff: Handoff;
  path: string;
  /** The handoffs this capture marked superseded, and by which (the newest of the line). */
  superseded: { id: string; by: string }[];
  /** Why superseding failed: the new handoff is written all the same. */
  supersedeError: string | null;
}

/**
 * The one way a handoff is made, for every command, hook and plugin: git and the session
 * read side by side, the summary (the given sections over the extractive one, merged with
 * the handoff it continues), redaction of the whole draft after everything is joined and
 * clipped, the token budget, the write, and superseding the handoff it replaces.
 */
export async function captureHandoff(
  request: CaptureRequest,
  /** A look at the redacted draft before it is written (`create --review`); it is redacted again. */
  review?: (draft: HandoffDraft, likelyId: string) => Promise<HandoffDraft> | HandoffDraft,
): Promise<CapturedHandoff> {
  const drafted = await draftHandoff(request);
  let { draft, redactions } = drafted;
  const kinds = { ...drafted.kinds };
  if (review !== undefined) {
    const reviewed = await review(draft, likelyHandoffId(draft, request.now));
    const again = await redact(reviewed, request);
    draft = again.draft;
    redactions += again.count;
    for (const [kind, count] of Object.entries(again.kinds) as [SecretKind, number][]) {
      kinds[kind] = (kinds[kind] ?? 0) + count;
    }
  }
  const { store } = drafted.project;
  const budget = SIZE_PRESETS[request.size ?? "standard"].promptBudget;
  // A session from another folder is its own line of work: it supersedes nothing here.
  if (request.supersedeSameLine && drafted.recordedIn === null) {
    // The store reads the line, writes and supersedes under the line's lock, so creates
    // that race leave one open handoff, the newest, and continues the line's newest.
    const created = await store.create(
      withTokens(draft, likelyHandoffId(draft, request.now), budget),
      { supersede: true },
    );
    return {
      ...drafted,
      draft,
      redactions,
      kinds,
      handoff: created.handoff,
      path: created.path,
      superseded: created.superseded,
      supersedeError: null,
    };
  }
  const continued = drafted.parent;
  const { handoff, path } = await store.create(
    withTokens(draft, likelyHandoffId(draft, request.now), budget),
  );
  const superseded: { id: string; by: string }[] = [];
  let supersedeError: string | null = null;
  if (continued !== null && (continued.status === "open" || continued.status === "claimed")) {
    try {
      await store.supersede(continued.id, handoff.id);
      superseded.push({ id: continued.id, by: handoff.id });
    } catch (error) {
      supersedeError = error instanceof Error ? error.message : String(error);
    }
  }
  return {
    ...drafted,
    draft,
    redactions,
    kinds,
    handoff,
    path,
    superseded,
    supersedeError,
  };
}

/** Everything `captureHandoff` does before writing: the redacted draft, and what it continues. */
export async function draftHandoff(request: CaptureRequest): Promise<DraftedHandoff> {
  const reading = settle(request.session);
  // Every capture redacts and counts tokens: both load while git runs and the session is
  // read (by a worker when it is large, so this thread is otherwise idle).
  preloadCapture();
  const [project, read] = await Promise.all([
    request.project ??
      openProject({ cwd: request.cwd, env: request.env, now: () => request.now, dir: request.dir }),
    reading,
  ]);
  const { root, store } = project;
  const session = read.session;
  // A session recorded in another folder (another checkout, another machine) ran none of
  // its commands here: this checkout's HEAD, dirty state and file states are not its facts.
  const elsewhere =
    session !== null && request.sessionMayBeElsewhere && recordedElsewhere(session.cwd, root)
      ? session
      : null;
  const git = elsewhere === null ? project.git : gitOfElsewhere(elsewhere.branch);
  const sessionId = session?.id ?? request.source?.sessionId ?? null;
  const [planFiles, parent] = await Promise.all([
    findPlanFiles(root, { now: request.now }),
    findParent(store, request.parent, request.continueSession ? sessionId : null, () =>
      readTrustSet(request.env, sharedRoot(root)),
    ),
  ]);
  const summarized0 =
    session === null
      ? (request.given ?? {})
      : sectionsFromSession({
          session,
          git,
          parent,
          planFiles: elsewhere === null ? planFiles : [],
          given: request.given ?? {},
          size: request.size,
        });
  const sections =
    elsewhere === null
      ? await nameFileCommits(summarized0, git, { ...request.env })
      : withElsewhereNote(summarized0, elsewhere, root);
  const built = buildHandoff({
    git,
    // Sections made from a session already hold git's files and the plan files, capped.
    modifiedFiles: session === null && git.inRepo ? toModifiedFiles(git) : null,
    planFiles: session === null ? planFiles : [],
    given: sections,
    trigger: request.trigger,
    // Slugged only after redaction: a slug of a secret no longer looks like one.
    topic: chooseTopic({
      topic: request.topic,
      branch: git.branch,
      goal: sections.goal?.text ?? request.topicHint ?? null,
    }),
    parent: parent?.id ?? null,
    created: request.now.toISOString(),
    source: sourceOf(session, request),
  });
  const redacted = await redact(built, request);
  const summarized = await summarizeDraft(redacted.draft, request, parent, session);
  const kinds = { ...redacted.kinds };
  for (const [kind, count] of Object.entries(summarized.kinds) as [SecretKind, number][]) {
    kinds[kind] = (kinds[kind] ?? 0) + count;
  }
  return {
    draft: summarized.draft,
    project,
    parent,
    redactions: redacted.count + summarized.count,
    kinds,
    sessionError: read.error,
    session,
    modelSummary: summarized.modelSummary,
    recordedIn: elsewhere?.cwd ?? null,
  };
}

/**
 * The `llm` source on the redacted extractive draft: the model's sections are redacted
 * again (a model can write what looks like a secret), and given sections stay as given.
 * Deferred, the draft only records which model will write them.
 */
async function summarizeDraft(
  draft: HandoffDraft,
  request: CaptureRequest,
  parent: Handoff | null,
  session: Session | null,
): Promise<{
  draft: HandoffDraft;
  count: number;
  kinds: Partial<Record<SecretKind, number>>;
  modelSummary: ModelSummary | null;
}> {
  const settings = request.summary;
  if (settings === undefined || settings.source !== "llm") {
    return { draft, count: 0, kinds: {}, modelSummary: null };
  }
  if (request.deferSummary) {
    const pending: HandoffDraft = {
      ...draft,
      summary: {
        by: modelName(settings.model),
        state: "pending",
        note: null,
        inputTokens: null,
        inputBudget: settings.limits.maxInputTokens,
      },
    };
    return { draft: pending, count: 0, kinds: {}, modelSummary: null };
  }
  const { summarizeWithModel } = await import("./llm/summarize-with-model.ts");
  const modelSummary = await summarizeWithModel({
    sections: draft.sections,
    parent: parent === null ? null : { id: parent.id, sections: parent.sections },
    session,
    env: request.env,
    settings,
    thorough: request.thorough,
  });
  const sections = { ...modelSummary.sections };
  for (const [name, value] of Object.entries(request.given ?? {})) {
    if (value !== undefined)
      (sections as Record<string, unknown>)[name] = (draft.sections as Record<string, unknown>)[
        name
      ];
  }
  const again = await redact({ ...draft, sections, summary: modelSummary.summary }, request);
  return { draft: again.draft, count: again.count, kinds: again.kinds, modelSummary };
}

async function settle(
  session: CaptureRequest["session"],
): Promise<{ session: Session | null; error: string | null }> {
  try {
    return { session: await session, error: null };
  } catch (error) {
    return { session: null, error: error instanceof Error ? error.message : String(error) };
  }
}

function sourceOf(session: Session | null, request: CaptureRequest): Source {
  const source = session
    ? sourceFromSession(session, request.env.HOME ?? homedir())
    : emptySource();
  // What the caller knows fills what the session does not say; the session's own word wins.
  for (const [field, value] of Object.entries(request.source ?? {}) as [keyof Source, string][]) {
    if (source[field] === null && value != null) source[field] = value;
  }
  return source;
}

async function redact(draft: HandoffDraft, request: CaptureRequest) {
  const env = { ...request.env };
  const redacted = request.thorough
    ? await redactHandoff(draft, { env })
    : redactHandoffFast(draft, { env });
  return {
    draft: { ...redacted.handoff, topic: slugifyTopic(redacted.handoff.topic) },
    count: redacted.count,
    kinds: redacted.kinds,
  };
}

/**
 * The handoff this one continues. What it carries over is signed again by this machine, so
 * a parent no trusted key signed is never found on its own (a document could name any
 * session as its source), and one named explicitly is merged as claims only.
 */
async function findParent(
  store: HandoffStore,
  id: string | undefined,
  sessionId: string | null,
  trust: () => TrustSet,
): Promise<Handoff | null> {
  if (id !== undefined) {
    const named = (await store.get(id)).handoff;
    return judgeHandoff(named, trust()).trusted ? named : asClaims(named);
  }
  if (sessionId === null) return null;
  const previous = await previousOfSession(store, sessionId);
  return previous !== null && judgeHandoff(previous, trust()).trusted ? previous : null;
}

/**
 * Whether a session's folder is outside this checkout, compared as real paths (an agent
 * records the path it was started in, which may pass through a symlink). A folder that does
 * not exist here is another machine's or a removed checkout's. Unknown is not elsewhere.
 */
function recordedElsewhere(cwd: string | null, root: string): boolean {
  if (cwd === null) return false;
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return null;
    }
  };
  const here = real(cwd);
  return here === null || !isWithin(here, real(root) ?? root);
}

/** The first thing the receiver reads of a session recorded in another folder: where it ran. */
function withElsewhereNote(
  sections: Partial<Sections>,
  session: Session,
  root: string,
): Partial<Sections> {
  const branch = session.branch === null ? "" : ` on branch ${session.branch}`;
  const note = {
    text: `Recorded in ${session.cwd}${branch}, not in ${root}: its commands and file changes happened there; nothing of this checkout's git state is theirs.`,
    provenance: "verified" as const,
  };
  return { ...sections, currentState: [note, ...(sections.currentState ?? [])] };
}
