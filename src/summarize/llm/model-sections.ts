import { BatonError } from "../../core/errors.ts";
import type { SectionName, Sections } from "../../core/handoff.ts";
import { parseSectionsMarkdown } from "../../core/parse-document.ts";
import { normalizeText } from "../extractive/normalize-text.ts";
import { MODEL_SECTIONS } from "./summary-prompt.ts";

export type ModelSections = Partial<
  Pick<
    Sections,
    "goal" | "currentState" | "keyDecisions" | "failedApproaches" | "nextSteps" | "openQuestions"
  >
>;

export type ModelAnswer =
  | { ok: true; sections: ModelSections; ignored: SectionName[] }
  | { ok: false; reason: string };

/**
 * Reads a model's answer with the parser `create --stdin` uses, strictly: every item a
 * claim, a broken item or an unknown heading an error. One enclosing code fence is taken
 * off (models add them unasked). Sections a model may not write (files, todos, validation:
 * verified facts) are left out and named; an answer without any section it may write is
 * invalid.
 */
export function readModelAnswer(text: string): ModelAnswer {
  const body = unfence(text);
  let parsed: Partial<Sections>;
  try {
    parsed = parseSectionsMarkdown(body, { path: "the model's answer" });
  } catch (error) {
    if (!BatonError.is(error)) throw error;
    return { ok: false, reason: error.message };
  }
  const sections: Record<string, unknown> = {};
  const ignored: SectionName[] = [];
  for (const [name, value] of Object.entries(parsed) as [SectionName, unknown][]) {
    if (MODEL_SECTIONS.includes(name)) sections[name] = value;
    else ignored.push(name);
  }
  if (Object.keys(sections).length === 0) {
    return {
      ok: false,
      reason: `the model's answer holds none of the summary's headings (${text.trim() === "" ? "it is empty" : `it starts "${text.trim().slice(0, 60)}"`})`,
    };
  }
  return { ok: true, sections: sections as ModelSections, ignored };
}

function unfence(text: string): string {
  const match = /^\s*```[\w-]*[ \t]*\r?\n([\s\S]*?)\r?\n```\s*$/.exec(text);
  return match === null ? text : (match[1] ?? "");
}

/**
 * The model's sections over the extractive ones: in each section it wrote, the verified
 * items stay first and as they are, and its claims follow (one that repeats a verified
 * item, or one of its own, is dropped); a verified goal is kept over the model's. Sections it did not write,
 * and every file, todo and validation section, stay the extractive ones.
 */
export function applyModelSections(extractive: Sections, model: ModelSections): Sections {
  const out: Sections = { ...extractive };
  if (model.goal !== undefined && extractive.goal?.provenance !== "verified") {
    out.goal = model.goal;
  }
  const lists = [
    ["currentState", (item: { text: string }) => item.text],
    ["keyDecisions", (item: { decision: string }) => item.decision],
    ["failedApproaches", (item: { approach: string }) => item.approach],
    ["nextSteps", (item: { text: string }) => item.text],
    ["openQuestions", (item: { text: string }) => item.text],
  ] as const;
  for (const [name, textOf] of lists) {
    const written = model[name];
    if (written === undefined) continue;
    out[name] = joinVerified(
      extractive[name] as { provenance: string }[] | null,
      written as { provenance: string }[] | null,
      textOf as (item: unknown) => string,
    ) as never;
  }
  return out;
}

function joinVerified<T extends { provenance: string }>(
  extracted: T[] | null,
  written: T[] | null,
  textOf: (item: T) => string,
): T[] | null {
  const verified = (extracted ?? []).filter((item) => item.provenance === "verified");
  const seen = new Set(verified.map((item) => normalizeText(textOf(item))));
  // Nothing said twice: not a verified fact again, nor the model's own item repeated.
  const claims = (written ?? []).filter((item) => {
    const key = normalizeText(textOf(item));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const joined = [...verified, ...claims];
  if (joined.length === 0) return written === null && verified.length === 0 ? null : [];
  return joined;
}
