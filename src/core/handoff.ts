import { z } from "zod";

/**
 * The handoff contract, `baton/handoff@1`: the typed source of truth that the markdown
 * document, the continuation prompt and the session-state JSON are renderings of.
 *
 * Every fact carries its provenance: `verified` facts were read from git, the agent's own
 * todo store, a recorded exit code or the transcript's tool calls; `claimed` facts were
 * written by a model or a person. A section that capture could not fill is `null` and is
 * rendered as the enrich marker; an empty list is a verified "nothing here".
 */
export const HANDOFF_SCHEMA = "baton/handoff@1";
export { ENRICH_MARKER } from "./enrich-markers.ts";

export const Provenance = z.enum(["verified", "claimed"]);
export type Provenance = z.infer<typeof Provenance>;

export const Trigger = z.enum(["manual", "compact", "tool", "command"]);
export type Trigger = z.infer<typeof Trigger>;

export const HandoffStatus = z.enum(["open", "claimed", "restored", "archived", "superseded"]);
export type HandoffStatus = z.infer<typeof HandoffStatus>;

/** One line of prose: a state note, a next step, an open question, the goal. */
export const Fact = z.object({
  text: z.string().min(1),
  provenance: Provenance,
});
export type Fact = z.infer<typeof Fact>;

export const Decision = z.object({
  decision: z.string().min(1),
  reason: z.string().min(1).nullable(),
  provenance: Provenance,
});
export type Decision = z.infer<typeof Decision>;

export const FailedApproach = z.object({
  approach: z.string().min(1),
  reason: z.string().min(1).nullable(),
  provenance: Provenance,
});
export type FailedApproach = z.infer<typeof FailedApproach>;

export const FileChange = z.enum([
  "added",
  "modified",
  "deleted",
  "renamed",
  "copied",
  "untracked",
  "conflicted",
  "type-changed",
]);
export type FileChange = z.infer<typeof FileChange>;

/**
 * Where a change stands relative to the last commit; `absent`: a file the session changed
 * that neither git lists nor exists in this checkout (created then removed, or the handoff
 * is made where the work is not).
 */
export const FileState = z.enum([
  "committed",
  "staged",
  "unstaged",
  "partly-staged",
  "untracked",
  "absent",
]);
export type FileState = z.infer<typeof FileState>;

/** An untracked file has no other state: one canonical form, so documents need not repeat it. */
export function canonicalModifiedFile<T extends { change: FileChange; state: FileState | null }>(
  file: T,
): T {
  return file.change === "untracked" && file.state !== "untracked"
    ? { ...file, state: "untracked" }
    : file;
}

export const ModifiedFile = z
  .object({
    path: z.string().min(1),
    change: FileChange,
    state: FileState.nullable(),
    /** The old path of a rename or copy. */
    from: z.string().min(1).nullable(),
    /** A committed file's latest commit, abbreviated (`3f2c1ab`), when git named it. */
    commit: z
      .string()
      .regex(/^[0-9a-f]{4,40}$/)
      .optional(),
    provenance: Provenance,
  })
  .transform(canonicalModifiedFile);
export type ModifiedFile = z.infer<typeof ModifiedFile>;

export const TodoStatus = z.enum(["pending", "in_progress", "completed", "cancelled"]);
export type TodoStatus = z.infer<typeof TodoStatus>;

export const Todo = z.object({
  text: z.string().min(1),
  status: TodoStatus,
  provenance: Provenance,
});
export type Todo = z.infer<typeof Todo>;

/** A validation command and the tree it ran against, so the receiver knows if it still holds. */
export const Validation = z.object({
  command: z.string().min(1),
  exitCode: z.number().int().nullable(),
  at: z.string().nullable(),
  head: z.string().nullable(),
  dirty: z.boolean().nullable(),
  /** The distinctive error line of a failure. */
  errorLine: z.string().min(1).nullable(),
  provenance: Provenance,
});
export type Validation = z.infer<typeof Validation>;

export const FileToRead = z.object({
  path: z.string().min(1),
  reason: z.string().min(1).nullable(),
  provenance: Provenance,
});
export type FileToRead = z.infer<typeof FileToRead>;

export const Source = z.object({
  agent: z.string().nullable(),
  sessionId: z.string().nullable(),
  /** The transcript path, with `~` for the home directory. */
  transcript: z.string().nullable(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  agentMode: z.string().nullable(),
});
export type Source = z.infer<typeof Source>;

/** The receiving session that took the handoff, and until when its claim holds. */
export const Claim = z.object({
  session: z.string().min(1),
  agent: z.string().nullable(),
  at: z.string(),
  leaseUntil: z.string(),
});
export type Claim = z.infer<typeof Claim>;

export const TokenCounts = z.object({
  document: z.number().int().nonnegative(),
  prompt: z.number().int().nonnegative(),
});
export type TokenCounts = z.infer<typeof TokenCounts>;

export const Sections = z.object({
  goal: Fact.nullable(),
  currentState: z.array(Fact).nullable(),
  keyDecisions: z.array(Decision).nullable(),
  failedApproaches: z.array(FailedApproach).nullable(),
  modifiedFiles: z.array(ModifiedFile).nullable(),
  todos: z.array(Todo).nullable(),
  validation: z.array(Validation).nullable(),
  filesToRead: z.array(FileToRead).nullable(),
  nextSteps: z.array(Fact).nullable(),
  openQuestions: z.array(Fact).nullable(),
});
export type Sections = z.infer<typeof Sections>;
export type SectionName = keyof Sections;

/** Body sections in document order, with their headings. */
export const SECTION_HEADINGS: ReadonlyArray<readonly [SectionName, string]> = [
  ["goal", "Goal"],
  ["currentState", "Current State"],
  ["keyDecisions", "Key Decisions"],
  ["failedApproaches", "Failed Approaches"],
  ["modifiedFiles", "Modified Files"],
  ["todos", "Todos"],
  ["validation", "Validation"],
  ["filesToRead", "Files to Read"],
  ["nextSteps", "Next Steps"],
  ["openQuestions", "Open Questions"],
];

/**
 * Who wrote the document: an Ed25519 signature by the writing machine's key over the
 * handoff's content (everything but the lifecycle fields, which every machine that claims
 * or archives it changes), with the key and its fingerprint.
 */
export const Signature = z.object({
  /** `SHA256:<base64>` of the public key. */
  key: z.string().min(1),
  /** Base64 of the raw Ed25519 public key. */
  publicKey: z.string().min(1),
  /** Base64 of the signature. */
  value: z.string().min(1),
});
export type Signature = z.infer<typeof Signature>;

/**
 * Who wrote the claims of the semantic sections when a model did (`baton create --summarize
 * llm`, or a hook's background pass): the model, where its pass stands, and why it fell
 * back to the extractive sections when it did. Left out of a handoff no model summarized.
 */
export const SummaryState = z.enum(["pending", "done", "fallback"]);
export type SummaryState = z.infer<typeof SummaryState>;

export const SummaryInfo = z.object({
  /** `provider:model`, e.g. `anthropic:claude-haiku-4-5`. */
  by: z.string().min(1),
  state: SummaryState,
  /** Why the sections are the extractive ones (`fallback`), or what is awaited (`pending`). */
  note: z.string().min(1).nullable(),
  /** The tokens sent to the model, and the budget they had to fit (counted locally). */
  inputTokens: z.number().int().nonnegative().nullable(),
  inputBudget: z.number().int().positive().nullable(),
});
export type SummaryInfo = z.infer<typeof SummaryInfo>;

export const Handoff = z.object({
  schema: z.literal(HANDOFF_SCHEMA),
  /** The file name's stem, assigned by the store; stable across archiving. */
  id: z.string().min(1),
  created: z.string(),
  trigger: Trigger,
  status: HandoffStatus,
  topic: z.string().min(1),
  branch: z.string().nullable(),
  head: z.string().nullable(),
  dirty: z.boolean().nullable(),
  source: Source,
  parent: z.string().nullable(),
  claim: Claim.nullable(),
  restoredAt: z.string().nullable(),
  supersededBy: z.string().nullable(),
  tokens: TokenCounts.nullable(),
  /** How many secret spans redaction masked in this document. */
  redactions: z.number().int().nonnegative(),
  /** The same masks by kind (`github-token: 2`); left out when there are none. */
  redactionKinds: z.record(z.string(), z.number().int().positive()).optional(),
  /**
   * `hand-written`: a person wrote it following seed 004's template, outside baton. Nothing
   * in it was checked or signed, so every item is a claim; left out for baton's own.
   */
  origin: z.literal("hand-written").optional(),
  /** The model that wrote the semantic sections' claims; left out when none did. */
  summary: SummaryInfo.optional(),
  /** Left out of a document nobody signed. */
  signature: Signature.optional(),
  sections: Sections,
});
export type Handoff = z.infer<typeof Handoff>;

export function emptySections(): Sections {
  return {
    goal: null,
    currentState: null,
    keyDecisions: null,
    failedApproaches: null,
    modifiedFiles: null,
    todos: null,
    validation: null,
    filesToRead: null,
    nextSteps: null,
    openQuestions: null,
  };
}

export function emptySource(): Source {
  return {
    agent: null,
    sessionId: null,
    transcript: null,
    model: null,
    provider: null,
    agentMode: null,
  };
}
