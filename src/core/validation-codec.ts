import {
  encodeCode,
  encodeWord,
  type ItemCodec,
  quoteJson,
  readValue,
  requireText,
} from "./document-text.ts";
import type { Validation } from "./handoff.ts";

/**
 * A validation item: `` `command` — exit 1, at TIME, head SHA, dirty, error: `line` ``.
 * Every detail after the dash is optional and may come in any order.
 */

/** A bare command runs up to the dash that follows it. */
const BARE_COMMAND = /.+?(?=\s+(?:—|--)\s+|$)/sy;

const VALIDATION_HINT =
  "expected `command` — exit N, at TIME, head SHA, dirty|clean, error: `line`";

export const validationCodec: ItemCodec<Validation> = {
  render: (v) => {
    const shape = (code: (text: string) => string, word: (text: string) => string) => {
      const details: string[] = [];
      if (v.exitCode !== null) details.push(`exit ${v.exitCode}`);
      if (v.at !== null) details.push(`at ${word(v.at)}`);
      if (v.head !== null) details.push(`head ${word(v.head)}`);
      if (v.dirty !== null) details.push(v.dirty ? "dirty" : "clean");
      if (v.errorLine !== null) details.push(`error: ${code(v.errorLine)}`);
      return code(v.command) + (details.length === 0 ? "" : ` — ${details.join(", ")}`);
    };
    return [shape(encodeCode, encodeWord), shape(quoteJson, quoteJson)];
  },
  parse: (text, provenance, fail) => {
    const command = readValue(text, 0, BARE_COMMAND) ?? fail(VALIDATION_HINT);
    const result: Validation = {
      command: requireText(command.value, "command", fail),
      exitCode: null,
      at: null,
      head: null,
      dirty: null,
      errorLine: null,
      provenance,
    };
    let rest = text.slice(command.end);
    if (rest.trim() === "") return result;
    const dash = /^\s+(?:—|--)\s+/.exec(rest) ?? fail(VALIDATION_HINT);
    rest = rest.slice(dash[0].length);
    const seen = new Set<string>();
    while (true) {
      const detail = readValidationDetail(rest, fail);
      if (seen.has(detail.key)) fail(`"${detail.key}" is given twice`);
      seen.add(detail.key);
      Object.assign(result, detail.patch);
      rest = rest.slice(detail.end);
      if (rest.trim() === "") return result;
      const comma = /^\s*,\s*/.exec(rest) ?? fail(VALIDATION_HINT);
      rest = rest.slice(comma[0].length);
    }
  },
};

const WORD = /[^\s,]+/y;
const REST_OF_LINE = /[\s\S]+/y;

function readValidationDetail(
  text: string,
  fail: (message: string) => never,
): { key: string; patch: Partial<Validation>; end: number } {
  const exit = /^exit\s+(-?\d+)/.exec(text);
  if (exit !== null) {
    const exitCode = Number(exit[1]);
    if (!Number.isSafeInteger(exitCode)) fail(`exit code ${exit[1]} is not an integer`);
    return { key: "exit", patch: { exitCode }, end: exit[0].length };
  }
  const state = /^(dirty|clean)\b/.exec(text);
  if (state !== null) {
    return { key: "dirty", patch: { dirty: state[1] === "dirty" }, end: state[0].length };
  }
  const keyed = /^(at|head)\s+|^(error):\s*/.exec(text);
  if (keyed === null) fail(`unknown validation detail "${text.trim()}"; ${VALIDATION_HINT}`);
  const key = keyed[1] ?? keyed[2] ?? "";
  const value =
    readValue(text, keyed[0].length, key === "error" ? REST_OF_LINE : WORD) ??
    fail(`missing value after "${key}"`);
  const patch: Partial<Validation> =
    key === "at"
      ? { at: value.value }
      : key === "head"
        ? { head: value.value }
        : { errorLine: requireText(value.value, "error line", fail) };
  return { key, patch, end: value.end };
}
