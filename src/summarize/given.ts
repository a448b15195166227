import { BatonError } from "../core/errors.ts";
import {
  type Decision,
  type Fact,
  type FailedApproach,
  type FileToRead,
  type ModifiedFile,
  ModifiedFile as ModifiedFileSchema,
  type SectionName,
  type Sections,
  type Todo,
  TodoStatus,
  type Validation,
  Validation as ValidationSchema,
} from "../core/handoff.ts";
import { parseSectionsMarkdown, templateTopic } from "../core/parse-document.ts";

/**
 * The "given" summary source: the semantic sections as a model or a person wrote them.
 * Everything that comes through here is `claimed`, whatever the input says, because
 * nothing here was checked against git or a transcript (the markdown parser forces it too).
 */
export interface GivenSections {
  sections: Partial<Sections>;
  /** The topic a hand-written handoff (seed 004's template) names in its frontmatter. */
  topic?: string;
}

export interface GivenOptions {
  goal?: string | undefined;
  nextSteps?: readonly string[] | undefined;
  decisions?: readonly string[] | undefined;
}

/**
 * Sections from command-line options; an option not given leaves its section out. An
 * option given empty (`--goal ""`) is a usage error: it would write a handoff whose goal
 * is missing, and supersede the line's real one with it.
 */
export function givenFromOptions(options: GivenOptions): Partial<Sections> {
  const sections: Partial<Sections> = {};
  const goal = options.goal === undefined ? undefined : givenText("--goal", options.goal);
  if (goal !== undefined) sections.goal = claimedFact(goal);
  const next = (options.nextSteps ?? []).map((step) => givenText("--next", step));
  if (next.length > 0) sections.nextSteps = next.map(claimedFact);
  const decisions = (options.decisions ?? []).map((decision) => givenText("--decision", decision));
  if (decisions.length > 0) {
    sections.keyDecisions = decisions.map((decision) => ({
      decision,
      reason: null,
      provenance: "claimed",
    }));
  }
  return sections;
}

function givenText(flag: string, value: string): string {
  const text = value.trim();
  if (text === "") throw new BatonError("usage", `${flag} is empty; give it text or leave it out`);
  return text;
}

/**
 * Sections from a text: JSON when it is a JSON object (either the `Sections` shape or a
 * flat one such as `{ "goal": "…", "next_steps": ["…"] }`), otherwise markdown holding
 * some of the document's section headings.
 */
export function givenFromText(text: string, origin: string): GivenSections {
  const trimmed = text.trim();
  // Empty or unrecognised input is a usage error: nothing is written, nothing superseded.
  if (trimmed === "") {
    throw new BatonError("usage", `${origin} is empty: expected markdown sections or JSON`);
  }
  if (trimmed.startsWith("{")) return givenFromJson(trimmed, origin);
  const sections = sectionsFromMarkdown(text, origin);
  if (Object.keys(sections).length === 0) {
    throw new BatonError(
      "usage",
      `${origin} holds no section headings: expected markdown such as "## Goal" and "## Next Steps", or JSON`,
    );
  }
  const topic = templateTopic(text);
  return topic === null ? { sections } : { sections, topic };
}

/** The markdown parser names the line; the origin says of what. */
function sectionsFromMarkdown(text: string, origin: string): Partial<Sections> {
  try {
    return parseSectionsMarkdown(text);
  } catch (error) {
    if (!BatonError.is(error)) throw error;
    throw new BatonError(error.code, `${origin}: ${error.message}`, { cause: error });
  }
}

const KEY_ALIASES: Readonly<Record<string, SectionName>> = {
  goal: "goal",
  currentstate: "currentState",
  state: "currentState",
  keydecisions: "keyDecisions",
  decisions: "keyDecisions",
  failedapproaches: "failedApproaches",
  failed: "failedApproaches",
  modifiedfiles: "modifiedFiles",
  todos: "todos",
  validation: "validation",
  filestoread: "filesToRead",
  files: "filesToRead",
  nextsteps: "nextSteps",
  next: "nextSteps",
  openquestions: "openQuestions",
  questions: "openQuestions",
};

function givenFromJson(text: string, origin: string): GivenSections {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BatonError("parse", `${origin} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(value)) throw new BatonError("parse", `${origin}: expected a JSON object`);
  const sections: Partial<Sections> = {};
  // Our own input format, read strictly: a misspelled key would silently drop its section.
  const unknown = Object.keys(value).filter((key) => sectionNameOf(key) === undefined);
  if (unknown.length > 0) {
    throw new BatonError(
      "usage",
      `${origin}: unknown field${unknown.length === 1 ? "" : "s"} ${unknown.map((key) => `"${key}"`).join(", ")}; the sections are ${SECTION_KEYS.join(", ")}`,
    );
  }
  for (const [key, raw] of Object.entries(value)) {
    const name = sectionNameOf(key);
    if (name === undefined) continue;
    if (raw === null) continue;
    const where = `${origin}: field "${key}"`;
    assignSection(sections, name, raw, where);
  }
  if (Object.keys(sections).length === 0) {
    throw new BatonError(
      "usage",
      `${origin} holds no sections: expected ${SECTION_KEYS.join(", ")}`,
    );
  }
  return { sections };
}

/** The snake_case names, as the examples and the help write them. */
const SECTION_KEYS = [
  "goal",
  "current_state",
  "key_decisions",
  "failed_approaches",
  "modified_files",
  "todos",
  "validation",
  "files_to_read",
  "next_steps",
  "open_questions",
];

function sectionNameOf(key: string): SectionName | undefined {
  return KEY_ALIASES[key.toLowerCase().replace(/[_\-\s]/g, "")];
}

function assignSection(
  sections: Partial<Sections>,
  name: SectionName,
  raw: unknown,
  where: string,
): void {
  switch (name) {
    case "goal":
      sections.goal = toFact(Array.isArray(raw) ? raw.join(" ") : raw, where);
      return;
    case "currentState":
    case "nextSteps":
    case "openQuestions":
      sections[name] = toList(raw, where).map((item, i) => toFact(item, `${where}[${i}]`));
      return;
    case "keyDecisions":
      sections.keyDecisions = toList(raw, where).map((item, i) =>
        toDecision(item, `${where}[${i}]`),
      );
      return;
    case "failedApproaches":
      sections.failedApproaches = toList(raw, where).map((item, i) =>
        toFailedApproach(item, `${where}[${i}]`),
      );
      return;
    case "todos":
      sections.todos = toList(raw, where).map((item, i) => toTodo(item, `${where}[${i}]`));
      return;
    case "filesToRead":
      sections.filesToRead = toList(raw, where).map((item, i) =>
        toFileToRead(item, `${where}[${i}]`),
      );
      return;
    case "modifiedFiles":
      sections.modifiedFiles = toList(raw, where).map((item, i) =>
        toModifiedFile(item, `${where}[${i}]`),
      );
      return;
    case "validation":
      sections.validation = toList(raw, where).map((item, i) =>
        toValidation(item, `${where}[${i}]`),
      );
      return;
  }
}

function toList(raw: unknown, where: string): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === "string" || isRecord(raw)) return [raw];
  throw new BatonError("parse", `${where} must be a string, an object or a list of them`);
}

function textField(raw: unknown, keys: readonly string[], where: string): string {
  if (typeof raw === "string") return requireText(raw, where);
  if (isRecord(raw)) {
    for (const key of keys) {
      const value = raw[key];
      if (typeof value === "string") return requireText(value, `${where}.${key}`);
    }
  }
  throw new BatonError("parse", `${where} must be a string or an object with "${keys[0]}"`);
}

function optionalText(raw: unknown, keys: readonly string[]): string | null {
  if (!isRecord(raw)) return null;
  for (const key of keys) {
    const value = raw[key];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return null;
}

function requireText(value: string, where: string): string {
  const text = value.trim();
  if (text === "") throw new BatonError("parse", `${where} is empty`);
  return text;
}

function toFact(raw: unknown, where: string): Fact {
  return claimedFact(textField(raw, ["text"], where));
}

function toDecision(raw: unknown, where: string): Decision {
  return {
    decision: textField(raw, ["decision", "text"], where),
    reason: optionalText(raw, ["reason", "why"]),
    provenance: "claimed",
  };
}

function toFailedApproach(raw: unknown, where: string): FailedApproach {
  return {
    approach: textField(raw, ["approach", "text"], where),
    reason: optionalText(raw, ["reason", "why"]),
    provenance: "claimed",
  };
}

function toTodo(raw: unknown, where: string): Todo {
  const text = textField(raw, ["text", "content"], where);
  const status = isRecord(raw) ? (raw.status ?? "pending") : "pending";
  const parsed = TodoStatus.safeParse(status);
  if (!parsed.success) {
    throw new BatonError(
      "parse",
      `${where}.status must be one of ${TodoStatus.options.join(", ")}, not ${JSON.stringify(status)}`,
    );
  }
  return { text, status: parsed.data, provenance: "claimed" };
}

function toFileToRead(raw: unknown, where: string): FileToRead {
  return {
    path: textField(raw, ["path"], where),
    reason: optionalText(raw, ["reason", "why"]),
    provenance: "claimed",
  };
}

function toModifiedFile(raw: unknown, where: string): ModifiedFile {
  const base = typeof raw === "string" ? { path: raw } : raw;
  const parsed = ModifiedFileSchema.safeParse({
    change: "modified",
    state: null,
    from: null,
    ...(isRecord(base) ? base : {}),
    provenance: "claimed",
  });
  if (!parsed.success) throw new BatonError("parse", `${where}: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

function toValidation(raw: unknown, where: string): Validation {
  const base = typeof raw === "string" ? { command: raw } : raw;
  const parsed = ValidationSchema.safeParse({
    exitCode: null,
    at: null,
    head: null,
    dirty: null,
    errorLine: null,
    ...(isRecord(base) ? base : {}),
    provenance: "claimed",
  });
  if (!parsed.success) throw new BatonError("parse", `${where}: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

function firstIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) {
  const issue = error.issues[0];
  if (issue === undefined) return "invalid value";
  const path = issue.path.map(String).join(".");
  return path === "" ? issue.message : `${path}: ${issue.message}`;
}

function claimedFact(text: string): Fact {
  return { text, provenance: "claimed" };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
