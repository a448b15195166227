import { z } from "zod";
import { clipLine } from "./clip-line.ts";
import { BatonError } from "./errors.ts";
import {
  emptySource,
  type Fact,
  type Handoff,
  type ModifiedFile,
  type Sections,
  type Source,
  type Validation,
} from "./handoff.ts";
import { isObject } from "./json-object.ts";

/**
 * Seed 001's session-state JSON (`version: "2.0"`), the file that agents' handoff
 * setups keep at a path per agent (its adapter's `sessionStatePath`) so another agent can pick the task up.
 *
 * Other tools write it (shell scripts with jq, people by hand), so it is parsed loosely: a
 * missing or mistyped field takes its default, unknown fields are dropped and counted, and
 * only a value that is not a JSON object at all is an error.
 */
export const SESSION_STATE_VERSION = "2.0";

export const CheckStatus = z.enum(["pass", "fail", "not_run", "pending"]);
export type CheckStatus = z.infer<typeof CheckStatus>;

const STATUS_WORDS: Record<string, CheckStatus> = {
  pass: "pass",
  passed: "pass",
  passing: "pass",
  ok: "pass",
  success: "pass",
  fail: "fail",
  failed: "fail",
  failing: "fail",
  error: "fail",
  not_run: "not_run",
  "not run": "not_run",
  skipped: "not_run",
  pending: "pending",
  running: "pending",
};

function toCheckStatus(value: unknown): CheckStatus {
  if (typeof value === "boolean") return value ? "pass" : "fail";
  if (typeof value !== "string") return "not_run";
  return STATUS_WORDS[value.trim().toLowerCase()] ?? "not_run";
}

const text = (fallback: string) => z.string().catch(fallback);
// `optional()` first: zod 4 rejects a missing key whose schema ends in a transform.
const optionalText = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === "string" && v.trim() !== "" ? v : null));
/** Lists of names; the seed's own script writes issue numbers, so numbers become strings. */
const names = z
  .unknown()
  .optional()
  .transform((v): string[] =>
    Array.isArray(v)
      ? v.flatMap((item) =>
          typeof item === "string" && item.trim() !== ""
            ? [item]
            : typeof item === "number"
              ? [String(item)]
              : [],
        )
      : [],
  );
const checkStatus = z.unknown().optional().transform(toCheckStatus);
/** A sub-object that is missing or not an object parses as `{}`, so its fields default. */
const part = <T extends z.ZodRawShape>(shape: T) =>
  z.preprocess((v) => (isObject(v) ? v : {}), z.object(shape));

const TASK = {
  description: text(""),
  status: text("in_progress"),
  priority: optionalText,
  estimated_time: optionalText,
  time_spent: optionalText,
};
const CONTEXT = { files_modified: names, files_created: names, next_steps: names };
const GIT = {
  branch: optionalText,
  uncommitted_changes: z.boolean().catch(false),
  staged_files: names,
  last_commit: optionalText,
  issues: names,
  prs: names,
};
const VALIDATION = {
  typescript: checkStatus,
  eslint: checkStatus,
  tests: checkStatus,
  strict_rules: checkStatus,
};
const TOP = {
  version: text(SESSION_STATE_VERSION),
  timestamp: optionalText,
  agent: text("unknown"),
  provider: text("unknown"),
  task: part(TASK),
  context: part(CONTEXT),
  git: part(GIT),
  validation: part(VALIDATION),
  /** Reasons recorded with the save (`baton save --note`), such as seed 001's escalation. */
  notes: names,
};

export const SessionState = z.object(TOP);
export type SessionState = z.output<typeof SessionState>;
export type ValidationKey = keyof SessionState["validation"];

/** A field of the file that baton has no place for, as `path: value`: someone's edit. */
export interface ExtraField {
  path: string;
  value: unknown;
}

/** Fields of the file that baton does not carry, kept so they can be shown, not lost. */
function findExtraFields(json: Record<string, unknown>): ExtraField[] {
  const extra: ExtraField[] = [];
  const collect = (value: unknown, known: object, prefix: string) => {
    if (!isObject(value)) return;
    for (const [key, field] of Object.entries(value)) {
      if (!(key in known)) extra.push({ path: `${prefix}${key}`, value: field });
    }
  };
  collect(json, TOP, "");
  collect(json.task, TASK, "task.");
  collect(json.context, CONTEXT, "context.");
  collect(json.git, GIT, "git.");
  collect(json.validation, VALIDATION, "validation.");
  return extra;
}

// Word boundaries keep `npm run test:types` a test and `tsc` a typecheck, not a lint.
const VALIDATION_PATTERNS: ReadonlyArray<readonly [ValidationKey, RegExp]> = [
  ["strict_rules", /\bstrict[-_ ]?rules?\b/i],
  ["typescript", /\b(typecheck|type-check|check-types|tsc|typescript)\b/i],
  ["eslint", /\b(lint|eslint|biome|oxlint)\b/i],
  ["tests", /\b(tests?|vitest|jest|mocha|ava)\b/i],
];

/** Which session-state validation field a command's result belongs to, if any. */
export function classifyValidation(command: string): ValidationKey | null {
  for (const [key, pattern] of VALIDATION_PATTERNS) if (pattern.test(command)) return key;
  return null;
}

/** The command a session-state result is imported as; each classifies back to its field. */
const VALIDATION_COMMANDS: Record<ValidationKey, string> = {
  typescript: "typecheck",
  eslint: "lint",
  tests: "test",
  strict_rules: "strict rules",
};

function checkStatusOf(v: Validation): CheckStatus {
  if (v.exitCode === null) return "pending";
  return v.exitCode === 0 ? "pass" : "fail";
}

/** The latest run of each command decides; any failing command fails its field. */
function toValidationFields(validations: readonly Validation[] | null): SessionState["validation"] {
  const fields: SessionState["validation"] = {
    typescript: "not_run",
    eslint: "not_run",
    tests: "not_run",
    strict_rules: "not_run",
  };
  const latest = new Map<string, Validation>();
  for (const v of validations ?? []) latest.set(v.command, v);
  const rank: Record<CheckStatus, number> = { not_run: 0, pass: 1, pending: 2, fail: 3 };
  for (const v of latest.values()) {
    const key = classifyValidation(v.command);
    if (key === null) continue;
    const status = checkStatusOf(v);
    if (rank[status] > rank[fields[key]]) fields[key] = status;
  }
  return fields;
}

const CREATED_CHANGES = new Set<ModifiedFile["change"]>(["added", "untracked", "copied"]);

export function toSessionState(h: Handoff): SessionState {
  const files = h.sections.modifiedFiles ?? [];
  const todos = h.sections.todos ?? [];
  const finished =
    todos.length > 0 && todos.every((t) => t.status === "completed" || t.status === "cancelled");
  const uncommitted = files.some(
    (f) => f.state !== null && f.state !== "committed" && f.state !== "absent",
  );
  return {
    version: SESSION_STATE_VERSION,
    timestamp: h.created,
    agent: h.source.agent ?? "unknown",
    provider: h.source.provider ?? "unknown",
    task: {
      description: h.sections.goal?.text ?? h.topic,
      status: finished ? "completed" : "in_progress",
      priority: null,
      estimated_time: null,
      time_spent: null,
    },
    context: {
      files_modified: files.filter((f) => !CREATED_CHANGES.has(f.change)).map((f) => f.path),
      files_created: files.filter((f) => CREATED_CHANGES.has(f.change)).map((f) => f.path),
      next_steps: (h.sections.nextSteps ?? []).map((f) => f.text),
    },
    git: {
      branch: h.branch,
      uncommitted_changes: h.dirty ?? uncommitted,
      staged_files: files
        .filter((f) => f.state === "staged" || f.state === "partly-staged")
        .map((f) => f.path),
      last_commit: h.head,
      issues: [],
      prs: [],
    },
    validation: toValidationFields(h.sections.validation),
    notes: [],
  };
}

export interface SessionStateImport {
  state: SessionState;
  /** Only the sections the file has content for; the rest stay unfilled (enrich markers). */
  sections: Partial<Sections>;
  branch: string | null;
  head: string | null;
  dirty: boolean | null;
  /** When the file says it was saved. */
  created: string | null;
  source: Source;
  /** Fields of the file that were not carried over. */
  ignored: number;
  /** Those fields with their values, to show what someone added by hand. */
  extra: ExtraField[];
}

/**
 * What a session-state file says, as handoff fields. Everything in it was written by another
 * tool or a person, so its sections are `claimed`; only the staged files, which that tool
 * read from git's index, are kept as `verified` git facts, like the branch and last commit.
 * Throws `BatonError` "schema" when the value is not a JSON object.
 */
export function fromSessionState(
  json: unknown,
  /** baton's id for an agent name the file uses (seed 001's script says `claude`). */
  agentId: (name: string) => string = (name) => name,
): SessionStateImport {
  const parsed = SessionState.safeParse(json);
  if (!parsed.success || !isObject(json)) {
    throw new BatonError("schema", "session state: expected a JSON object");
  }
  const state = parsed.data;
  const sections: Partial<Sections> = {};
  const claimed = (t: string): Fact => ({ text: t, provenance: "claimed" });

  const description = state.task.description.trim();
  if (description !== "") sections.goal = claimed(description);

  // The status defaults to in_progress; only a status the file states is worth a note.
  const statedStatus = isObject(json.task) && typeof json.task.status === "string";
  const notes = stateNotes(state, statedStatus);
  if (notes.length > 0) sections.currentState = notes.map(claimed);

  const files = importFiles(state);
  if (files.length > 0) sections.modifiedFiles = files;

  if (state.context.next_steps.length > 0) {
    sections.nextSteps = state.context.next_steps.map(claimed);
  }

  const checks = importValidation(state);
  if (checks.length > 0) sections.validation = checks;

  const agent = state.agent === "unknown" ? null : agentId(state.agent);
  const extra = findExtraFields(json);
  return {
    state,
    sections,
    branch: state.git.branch,
    head: state.git.last_commit,
    dirty:
      isObject(json.git) && typeof json.git.uncommitted_changes === "boolean"
        ? state.git.uncommitted_changes
        : null,
    created: state.timestamp,
    source: {
      ...emptySource(),
      agent,
      provider: state.provider === "unknown" ? null : state.provider,
    },
    ignored: extra.length,
    extra,
  };
}

function stateNotes(state: SessionState, withStatus: boolean): string[] {
  const { task, git } = state;
  const notes = withStatus ? [`Task status: ${task.status}`] : [];
  if (task.priority !== null) notes.push(`Priority: ${task.priority}`);
  if (task.time_spent !== null || task.estimated_time !== null) {
    const spent = task.time_spent ?? "unknown";
    notes.push(
      task.estimated_time === null
        ? `Time spent: ${spent}`
        : `Time spent: ${spent} of an estimated ${task.estimated_time}`,
    );
  }
  if (git.issues.length > 0) notes.push(`Issues: ${git.issues.join(", ")}`);
  if (git.prs.length > 0) notes.push(`Pull requests: ${git.prs.join(", ")}`);
  for (const note of state.notes) notes.push(`Note: ${note}`);
  return notes;
}

function importFiles(state: SessionState): ModifiedFile[] {
  const staged = new Set(state.git.staged_files);
  const unstagedState = state.git.uncommitted_changes ? "unstaged" : null;
  const byPath = new Map<string, ModifiedFile>();
  const add = (path: string, change: ModifiedFile["change"]) => {
    if (byPath.has(path)) return;
    const isStaged = staged.has(path);
    byPath.set(path, {
      path,
      change,
      state: isStaged ? "staged" : change === "added" ? null : unstagedState,
      from: null,
      provenance: isStaged ? "verified" : "claimed",
    });
  };
  for (const path of state.context.files_modified) add(path, "modified");
  for (const path of state.context.files_created) add(path, "added");
  for (const path of state.git.staged_files) add(path, "modified");
  return [...byPath.values()];
}

function importValidation(state: SessionState): Validation[] {
  const checks: Validation[] = [];
  for (const [key, command] of Object.entries(VALIDATION_COMMANDS) as [ValidationKey, string][]) {
    const status = state.validation[key];
    if (status === "not_run") continue;
    checks.push({
      command,
      // The file keeps only pass/fail: 1 stands for "some non-zero exit".
      exitCode: status === "pass" ? 0 : status === "fail" ? 1 : null,
      at: state.timestamp,
      head: state.git.last_commit,
      dirty: state.git.uncommitted_changes,
      errorLine: null,
      provenance: "claimed",
    });
  }
  return checks;
}

const VALIDATION_LABELS: Record<ValidationKey, string> = {
  typescript: "TypeScript",
  eslint: "ESLint",
  tests: "Tests",
  strict_rules: "STRICT rules",
};

const LIST_LIMIT = 20;

/** Seed 001's restore prompt: "I'm continuing work from <agent>. Session state restored: …". */
export function renderSessionStatePrompt(
  state: SessionState,
  /** The agent's name for people; the agent registry knows them, this file does not. */
  displayName: (agent: string) => string = (agent) => agent,
  /** Fields of the file baton has no place for (`fromSessionState`'s `extra`), shown as they are. */
  extra: readonly ExtraField[] = [],
): string {
  const agent = displayName(state.agent);
  const lines = [`I'm continuing work from ${agent}. Session state restored:`, ""];
  const { task, git, context } = state;

  if (task.description.trim() !== "") lines.push(`Task: ${task.description.trim()}`);
  const progress = describeProgress(task.time_spent, task.estimated_time);
  if (progress !== null) lines.push(progress);
  lines.push(`Status: ${task.status}`);
  if (git.branch !== null) {
    const details = [
      git.last_commit === null ? null : `last commit ${git.last_commit}`,
      git.uncommitted_changes ? "uncommitted changes" : null,
    ].filter((d) => d !== null);
    lines.push(`Branch: ${git.branch}${details.length > 0 ? ` (${details.join(", ")})` : ""}`);
  }
  const checks = (Object.keys(VALIDATION_LABELS) as ValidationKey[])
    .filter((key) => state.validation[key] !== "not_run")
    .map((key) => `${VALIDATION_LABELS[key]} ${state.validation[key]}`);
  if (checks.length > 0) lines.push(`Validation: ${checks.join(", ")}`);
  if (git.issues.length > 0) lines.push(`Issues: ${git.issues.join(", ")}`);
  if (git.prs.length > 0) lines.push(`Pull requests: ${git.prs.join(", ")}`);
  if (state.notes.length > 0) {
    lines.push("", "Notes:", ...limited(state.notes).map((note) => `- ${note}`));
  }
  if (extra.length > 0) {
    lines.push(
      "",
      "Also in the file (not part of the format, likely added by hand):",
      ...limited(extra.map(describeExtra)).map((line) => `- ${line}`),
    );
  }

  const staged = new Set(git.staged_files);
  const files = [
    ...context.files_modified.map((f) => (staged.has(f) ? `${f} (staged)` : f)),
    ...context.files_created.map((f) => `${f} (new${staged.has(f) ? ", staged" : ""})`),
  ];
  if (files.length > 0) {
    lines.push("", "Modified files:", ...limited(files).map((f) => `- ${f}`));
  }
  if (context.next_steps.length > 0) {
    const steps = limited(context.next_steps.map((s, i) => `${i + 1}. ${s}`));
    lines.push("", "Next steps:", ...steps, "", "Please continue from step 1.");
  } else {
    lines.push("", "Please continue the task.");
  }
  return lines.join("\n");
}

const EXTRA_VALUE_LIMIT = 300;

function describeExtra(field: ExtraField): string {
  const text = typeof field.value === "string" ? field.value : JSON.stringify(field.value);
  return `${field.path}: ${clipLine(text ?? "null", EXTRA_VALUE_LIMIT, { collapse: "all" })}`;
}

function limited(items: readonly string[]): string[] {
  if (items.length <= LIST_LIMIT) return [...items];
  return [...items.slice(0, LIST_LIMIT), `… and ${items.length - LIST_LIMIT} more`];
}

/** "45 minutes in, 1h 15m remaining", as in seed 001, when both times can be read. */
function describeProgress(spent: string | null, estimate: string | null): string | null {
  if (spent === null && estimate === null) return null;
  if (spent === null) return `Estimate: ${estimate}`;
  const spentMinutes = parseMinutes(spent);
  const estimateMinutes = estimate === null ? null : parseMinutes(estimate);
  if (spentMinutes === null || estimateMinutes === null) {
    return estimate === null
      ? `Progress: ${spent} in`
      : `Progress: ${spent} in, estimate ${estimate}`;
  }
  const left = estimateMinutes - spentMinutes;
  return left > 0
    ? `Progress: ${spent} in, ${formatMinutes(left)} remaining`
    : `Progress: ${spent} in, over the ${estimate} estimate`;
}

function parseMinutes(duration: string): number | null {
  let minutes = 0;
  let matched = false;
  for (const m of duration.matchAll(/(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?)\b/gi)) {
    matched = true;
    const amount = Number(m[1]);
    minutes += (m[2] ?? "").toLowerCase().startsWith("h") ? amount * 60 : amount;
  }
  return matched ? minutes : null;
}

function formatMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = Math.round(total % 60);
  if (hours === 0) return `${minutes}m`;
  return minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`;
}
