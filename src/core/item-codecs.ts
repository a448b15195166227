import {
  decodeText,
  encodeCode,
  type ItemCodec,
  quoteJson,
  readJsonString,
  readValue,
  requireText,
} from "./document-text.ts";
import {
  type Decision,
  type Fact,
  type FailedApproach,
  FileChange,
  FileState,
  type FileToRead,
  type ModifiedFile,
  type SectionName,
  type Sections,
  type Todo,
  type TodoStatus,
} from "./handoff.ts";
import { validationCodec } from "./validation-codec.ts";

/** The item shapes of the document's list sections, by section. */

/** "Use X — because Y": the reason separator, with the spellings people type. */
const BECAUSE = /\s+(?:—|--|-)\s+because\s+/;
const DASH_AFTER_VALUE = /^\s+(?:—|--|-)\s+/;

export const factCodec: ItemCodec<Fact> = {
  render: (fact) => [fact.text, quoteJson(fact.text)],
  parse: (text, provenance, fail) => ({
    text: requireText(decodeText(text), "text", fail),
    provenance,
  }),
};

function renderReasoned(head: string, reason: string | null): string[] {
  if (reason === null) return [head, quoteJson(head)];
  const because = " — because ";
  return [
    head + because + reason,
    quoteJson(head) + because + reason,
    head + because + quoteJson(reason),
    quoteJson(head) + because + quoteJson(reason),
  ];
}

/** Splits "head — because reason" where head may be a JSON string holding the separator. */
function parseReasoned(text: string): { head: string; reason: string | null } {
  const quoted = readJsonString(text, 0);
  if (quoted !== null) {
    const rest = text.slice(quoted.end);
    if (rest.trim() === "") return { head: quoted.value, reason: null };
    const because = BECAUSE.exec(rest);
    if (because !== null && because.index === 0) {
      return { head: quoted.value, reason: decodeText(rest.slice(because[0].length)) };
    }
  }
  const because = BECAUSE.exec(text);
  if (because === null) return { head: text.trim(), reason: null };
  return {
    head: text.slice(0, because.index).trim(),
    reason: decodeText(text.slice(because.index + because[0].length)),
  };
}

export const decisionCodec: ItemCodec<Decision> = {
  render: (d) => renderReasoned(d.decision, d.reason),
  parse: (text, provenance, fail) => {
    const { head, reason } = parseReasoned(text);
    return {
      decision: requireText(head, "decision", fail),
      reason: reason === null ? null : requireText(reason, "reason", fail),
      provenance,
    };
  },
};

export const failedApproachCodec: ItemCodec<FailedApproach> = {
  render: (f) => renderReasoned(f.approach, f.reason),
  parse: (text, provenance, fail) => {
    const { head, reason } = parseReasoned(text);
    return {
      approach: requireText(head, "approach", fail),
      reason: reason === null ? null : requireText(reason, "reason", fail),
      provenance,
    };
  },
};

const TODO_BOXES: ReadonlyArray<readonly [TodoStatus, string]> = [
  ["completed", "x"],
  ["pending", " "],
  ["in_progress", "~"],
  ["cancelled", "-"],
];

export const todoCodec: ItemCodec<Todo> = {
  render: (todo) => {
    const box = TODO_BOXES.find(([status]) => status === todo.status)?.[1] ?? " ";
    return [`[${box}] ${todo.text}`, `[${box}] ${quoteJson(todo.text)}`];
  },
  parse: (text, provenance, fail) => {
    const match = /^\[([ xX~-])\]\s+(\S[\s\S]*)$/.exec(text);
    if (match === null) {
      return fail(
        "expected a todo: `- [ ] pending`, `- [~] in progress`, `- [x] done` or `- [-] cancelled`",
      );
    }
    const box = (match[1] ?? " ").toLowerCase();
    const status = TODO_BOXES.find(([, b]) => b === box)?.[0] ?? "pending";
    return { text: requireText(decodeText(match[2] ?? ""), "todo", fail), status, provenance };
  },
};

/** A bare path runs up to the arrow or the dash that follows it. */
const BARE_PATH = /.+?(?=\s+(?:→|->|—|--)\s+|$)/sy;
const BARE_PATH_NO_ARROW = /.+?(?=\s+(?:—|--)\s+|$)/sy;

export const modifiedFileCodec: ItemCodec<ModifiedFile> = {
  render: (file) => {
    // "untracked (untracked)" says nothing twice: an untracked file's state is implied.
    const commit = file.state === "committed" && file.commit !== undefined ? ` ${file.commit}` : "";
    const state =
      file.state === null || file.change === "untracked" ? "" : ` (${file.state}${commit})`;
    const tail = ` — ${file.change}${state}`;
    const shape = (encode: (text: string) => string) =>
      (file.from === null ? "" : `${encode(file.from)} → `) + encode(file.path) + tail;
    return [shape(encodeCode), shape(quoteJson)];
  },
  parse: (text, provenance, fail) => {
    const shapeHint = "expected `path` — change (state), e.g. `src/a.ts` — modified (staged)";
    const first = readValue(text, 0, BARE_PATH) ?? fail(shapeHint);
    let from: string | null = null;
    let path = first.value;
    let rest = text.slice(first.end);
    const arrow = /^\s*(?:→|->)\s*/.exec(rest);
    if (arrow !== null) {
      const second = readValue(rest, arrow[0].length, BARE_PATH) ?? fail(shapeHint);
      from = first.value;
      path = second.value;
      rest = rest.slice(second.end);
    }
    const dash = DASH_AFTER_VALUE.exec(rest) ?? fail(shapeHint);
    const tail = /^([\w-]+)(?:\s*\(([\w-]+)(?:\s+([0-9a-f]{4,40}))?\))?\s*$/.exec(
      rest.slice(dash[0].length),
    );
    if (tail === null) return fail(shapeHint);
    const change = FileChange.safeParse(tail[1]);
    if (!change.success) {
      return fail(`unknown change "${tail[1]}"; expected one of ${FileChange.options.join(", ")}`);
    }
    const state = tail[2] === undefined ? null : FileState.safeParse(tail[2]);
    if (state !== null && !state.success) {
      return fail(
        `unknown file state "${tail[2]}"; expected one of ${FileState.options.join(", ")}`,
      );
    }
    const fileState =
      change.data === "untracked" ? "untracked" : state === null ? null : state.data;
    const commit = tail[3];
    if (commit !== undefined && fileState !== "committed") {
      return fail(`a commit (${commit}) is named only for a committed file`);
    }
    return {
      path: requireText(path, "path", fail),
      change: change.data,
      state: fileState,
      from: from === null ? null : requireText(from, "path", fail),
      ...(commit === undefined ? {} : { commit }),
      provenance,
    };
  },
};

export const fileToReadCodec: ItemCodec<FileToRead> = {
  render: (file) => {
    if (file.reason === null) return [encodeCode(file.path), quoteJson(file.path)];
    return [
      `${encodeCode(file.path)} — ${file.reason}`,
      `${encodeCode(file.path)} — ${quoteJson(file.reason)}`,
      `${quoteJson(file.path)} — ${quoteJson(file.reason)}`,
    ];
  },
  parse: (text, provenance, fail) => {
    const hint = "expected `path` — reason";
    const path = readValue(text, 0, BARE_PATH_NO_ARROW) ?? fail(hint);
    const rest = text.slice(path.end);
    let reason: string | null = null;
    if (rest.trim() !== "") {
      const dash = DASH_AFTER_VALUE.exec(rest) ?? fail(hint);
      reason = requireText(decodeText(rest.slice(dash[0].length)), "reason", fail);
    }
    return { path: requireText(path.value, "path", fail), reason, provenance };
  },
};

export type ListSectionName = Exclude<SectionName, "goal">;
type ItemOf<K extends ListSectionName> = NonNullable<Sections[K]>[number];

export const LIST_CODECS: { [K in ListSectionName]: ItemCodec<ItemOf<K>> } = {
  currentState: factCodec,
  keyDecisions: decisionCodec,
  failedApproaches: failedApproachCodec,
  modifiedFiles: modifiedFileCodec,
  todos: todoCodec,
  validation: validationCodec,
  filesToRead: fileToReadCodec,
  nextSteps: factCodec,
  openQuestions: factCodec,
};
