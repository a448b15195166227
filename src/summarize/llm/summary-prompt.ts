import { classifyUserText, requestText } from "../../agents/classify-user-text.ts";
import { clipLine } from "../../core/clip-line.ts";
import { countTokens } from "../../core/count-tokens.ts";
import { SECTION_HEADINGS, type SectionName, type Sections } from "../../core/handoff.ts";
import { renderSection } from "../../core/render-section.ts";
import type { Session, SessionMessage } from "../../core/session.ts";
import { redactText, redactTextFast } from "../../safety/redact-text.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** The sections a model writes; the others are git's, the todo store's and the tool calls'. */
export const MODEL_SECTIONS: readonly SectionName[] = [
  "goal",
  "currentState",
  "keyDecisions",
  "failedApproaches",
  "nextSteps",
  "openQuestions",
];

const HEADINGS = SECTION_HEADINGS.filter(([name]) => MODEL_SECTIONS.includes(name)).map(
  ([, heading]) => `## ${heading}`,
);

/**
 * baton's internal summary prompt: a summary for the next session, not a task. Plain
 * markdown under the document's own headings, so any model answers it (small local ones
 * without tool calling too), and `parseSectionsMarkdown` reads it as `create --stdin` does.
 */
export const SUMMARY_SYSTEM_PROMPT = [
  "You write the semantic part of a handoff document: what the next coding session needs to continue this work. You do not do the work; you summarize it.",
  "",
  "Answer with markdown only, nothing before or after it, under exactly these headings, in this order, and no others:",
  ...HEADINGS,
  "",
  "Under ## Goal write one short paragraph. Under every other heading write one line per item, starting with `- ` (Next Steps: `1. `, in order), with no nested lists and no code blocks.",
  "Key Decisions: `- <decision> — because <reason>`. Failed Approaches: `- <approach> — because <why it failed>`.",
  "Write `_None._` under a heading with nothing to say.",
  "",
  "Rules:",
  "- Items marked _(verified)_ were read from git, the todo store and recorded exit codes. They are kept as they are: do not repeat them, contradict them, or mark anything _(verified)_ yourself.",
  "- When a previous handoff is given, this session continues it: keep what is still relevant, drop what was done, and say nothing twice.",
  "- Use only what the input says. Do not invent files, commands or results.",
].join("\n");

export interface SummaryPromptInput {
  /** The extractive sections (verified facts with provenance), already redacted. */
  sections: Sections;
  /** The handoff this one continues: its sections and id. */
  parent: { id: string; sections: Sections } | null;
  session: Session | null;
  env: Env;
  maxInputTokens: number;
  /** Secretlint too, as commands redact; hooks' workers may too: they have the time. */
  thorough?: boolean;
}

export type SummaryPrompt =
  | {
      ok: true;
      system: string;
      prompt: string;
      /** Counted locally (cl100k), system prompt included. */
      tokens: number;
      budget: number;
      /** How many of the session's messages the window holds. */
      messages: number;
      redactions: number;
    }
  | { ok: false; reason: string; tokens: number; budget: number };

/** The longest any one message may be in the window: a pasted log says little per token. */
const MAX_MESSAGE_CHARS = 1_500;
const MAX_MESSAGES = 60;

/**
 * What is sent: the extractive handoff, the parent's sections, then as many of the
 * session's most informative messages as the token budget leaves room for (the person's
 * requests first, then the model's own words, newest first; shown in session order).
 * Everything is redacted before it is counted. Over budget when the handoffs alone do not
 * fit: then nothing is sent.
 */
export async function buildSummaryPrompt(input: SummaryPromptInput): Promise<SummaryPrompt> {
  const redact = async (text: string) => {
    const env = { ...input.env };
    return input.thorough ? redactText(text, { env }) : redactTextFast(text, { env });
  };
  let redactions = 0;
  const clean = async (text: string) => {
    const redacted = await redact(text);
    redactions += redacted.count;
    return redacted.text;
  };
  const facts = [
    "# Extracted handoff of this session",
    "",
    "Extracted mechanically from the transcript and git; only _(verified)_ items are checked facts.",
    "",
    renderSections(
      input.sections,
      SECTION_HEADINGS.map(([name]) => name),
    ),
  ].join("\n");
  const parent =
    input.parent === null
      ? ""
      : [
          `# Previous handoff (${input.parent.id}), which this session continues`,
          "",
          renderSections(input.parent.sections, [...MODEL_SECTIONS, "todos"]),
        ].join("\n");
  const fixed = await clean([facts, parent].filter((part) => part !== "").join("\n\n"));
  const budget = input.maxInputTokens;
  const header = "# Recent messages of the session, in order";
  const fixedTokens =
    countTokens(SUMMARY_SYSTEM_PROMPT) + countTokens(fixed) + countTokens(header) + 8;
  if (fixedTokens > budget) {
    return {
      ok: false,
      reason: `the input is over budget: the handoffs alone are ${fixedTokens} tokens of ${budget}`,
      tokens: fixedTokens,
      budget,
    };
  }
  const window = await pickMessages(input.session, budget - fixedTokens, clean);
  const prompt =
    window.length === 0
      ? fixed
      : [fixed, "", header, "", ...window.map((entry) => entry.text)].join("\n");
  const tokens = countTokens(SUMMARY_SYSTEM_PROMPT) + countTokens(prompt);
  return {
    ok: true,
    system: SUMMARY_SYSTEM_PROMPT,
    prompt,
    tokens,
    budget,
    messages: window.length,
    redactions,
  };
}

function renderSections(sections: Sections, names: readonly SectionName[]): string {
  return SECTION_HEADINGS.filter(([name]) => names.includes(name))
    .map(([name, heading]) => [`## ${heading}`, "", ...renderSection(name, sections[name])])
    .map((lines) => lines.join("\n"))
    .join("\n\n");
}

interface Picked {
  index: number;
  text: string;
}

async function pickMessages(
  session: Session | null,
  room: number,
  clean: (text: string) => Promise<string>,
): Promise<Picked[]> {
  if (session === null) return [];
  const candidates = session.messages
    .map((message, index) => ({ message, index, text: spokenText(message) }))
    .filter((entry): entry is { message: SessionMessage; index: number; text: string } =>
      Boolean(entry.text),
    );
  const requests = candidates.filter((entry) => entry.message.role === "user").reverse();
  const replies = candidates.filter((entry) => entry.message.role === "assistant").reverse();
  // The first request states the goal; then the newest of each kind.
  const order = [...requests.slice(-1), ...requests.slice(0, -1), ...replies];
  const picked: Picked[] = [];
  let left = room;
  for (const entry of order) {
    if (picked.length >= MAX_MESSAGES) break;
    const label = entry.message.role === "user" ? "The person" : "The agent";
    const text = `### ${label}\n\n${await clean(clipLine(entry.text, MAX_MESSAGE_CHARS, { words: true }))}\n`;
    const cost = countTokens(text) + 1;
    if (cost > left) continue;
    left -= cost;
    picked.push({ index: entry.index, text });
  }
  return picked.sort((a, b) => a.index - b.index);
}

/** What the person asked or the agent said, without injected context and commands. */
function spokenText(message: SessionMessage): string | null {
  const text = message.text.trim();
  if (text === "") return null;
  if (message.role === "assistant") return text;
  return classifyUserText(text) === "request" ? requestText(text) : null;
}
