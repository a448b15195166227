import {
  emptySections,
  type Fact,
  SECTION_HEADINGS,
  type Sections,
} from "../../src/core/handoff.ts";
import { parseSectionsMarkdown } from "../../src/core/parse-document.ts";
import { renderSection } from "../../src/core/render-section.ts";
import { captureGit } from "../../src/git/capture-git.ts";
import { normalizeText } from "../../src/summarize/extractive/normalize-text.ts";
import { summarizeWithModel } from "../../src/summarize/llm/summarize-with-model.ts";
import { buildSummaryPrompt, MODEL_SECTIONS } from "../../src/summarize/llm/summary-prompt.ts";
import { parseModelSpec } from "../../src/summarize/llm/summary-settings.ts";
import { sectionsFromSession } from "../../src/summarize/sections-from-session.ts";
import { readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { httpError, reply, type Script } from "../support/model-server/script.ts";
import { startModelServer } from "../support/model-server/start-model-server.ts";
import { checkFacts, readFixtureSession } from "./evaluate-fixture.ts";
import { coversFact } from "./fact-coverage.ts";

/**
 * `--summarize llm` on a recorded scenario, against the scripted model server over real
 * HTTP. The scripted model is an echo: it answers with what the request carries (the
 * extracted sections and the parent's, restated as its own, repeats included, as a
 * careless model would), so what it can write is bounded by what baton sent. Measured: the
 * planted facts in the request, its tokens against the budget, the facts in the written
 * sections, the parent's open items carried once, items said twice, verified facts kept
 * as they were, and whether each failure (an HTTP error, a malformed answer, an input over
 * budget) falls back to exactly the extractive sections with a note.
 */
export interface LlmEvalResult {
  name: string;
  /** Planted facts found in what was sent. */
  requestRecall: number;
  inputTokens: number;
  inputBudget: number;
  /** Planted facts found in the written sections. */
  factRecall: number;
  /** The parent's open items, each found exactly once. */
  parentCarried: number;
  parentItems: number;
  /** Items of the semantic sections said more than once. */
  repeats: number;
  /** Every verified item of the extractive sections still there, unchanged. */
  verifiedKept: boolean;
  /** Failures that fell back to the extractive sections, with a note, of those tried. */
  fallbacks: { ok: number; tried: number; failed: string[] };
}

const BUDGET = 8_000;
const MODEL = "anthropic:claude-sonnet-4-5";
const PARENT_OPEN = [
  "Confirm the changelog wording with the reviewer (parent item 3QX)",
  "Should the fix be backported to the 1.x line (parent item 7RW)?",
];

export async function evaluateLlm(dir: string): Promise<LlmEvalResult> {
  const facts = readFixtureFacts(dir);
  const { session, cleanup } = await readFixtureSession(dir, facts);
  try {
    const git = await captureGit(facts.cwd);
    const sections = sectionsFromSession({ session, git });
    const parent = {
      id: "eval-parent",
      sections: {
        ...emptySections(),
        goal: claim(facts.goal),
        nextSteps: [
          claim(facts.todos.done[0] ?? "Reproduce the failure"),
          claim(PARENT_OPEN[0] as string),
        ],
        openQuestions: [claim(PARENT_OPEN[1] as string)],
      },
    };
    const env = { ANTHROPIC_API_KEY: "eval-key" };
    const input = { sections, parent, session, env };
    const prompt = await buildSummaryPrompt({ ...input, maxInputTokens: BUDGET });
    if (!prompt.ok) throw new Error(`${facts.scenario}: ${prompt.reason}`);

    const good = await run([reply(echoModel(prompt.prompt))], input, BUDGET);
    const sent = good.sent;
    const written = good.pass.sections;
    const planted = plantedFacts(facts);
    const fallbacks = { ok: 0, tried: 0, failed: [] as string[] };
    const failures: Array<[string, Script, number]> = [
      ["HTTP 500", [httpError(500, "eval: upstream failed")], BUDGET],
      ["malformed", [reply("Sure! Here is what happened in the session.")], BUDGET],
      ["over budget", [], 200],
    ];
    for (const [label, script, budget] of failures) {
      const failed = await run(script, input, budget);
      fallbacks.tried++;
      const lossless =
        failed.pass.summary.state === "fallback" &&
        failed.pass.summary.note !== null &&
        JSON.stringify(failed.pass.sections) === JSON.stringify(sections);
      if (lossless) fallbacks.ok++;
      else fallbacks.failed.push(label);
    }
    const semantic = MODEL_SECTIONS.flatMap((name) => itemTexts(written, name));
    return {
      name: `${facts.agent}/${facts.agentVersion}/${facts.scenario}`,
      requestRecall: planted.filter((fact) => coversFact(sent, fact)).length / planted.length,
      inputTokens: good.pass.summary.inputTokens ?? 0,
      inputBudget: BUDGET,
      factRecall:
        checkFacts(written, facts).filter((check) => check.found).length /
        checkFacts(written, facts).length,
      parentCarried: PARENT_OPEN.filter(
        (item) =>
          semantic.filter((text) => normalizeText(text) === normalizeText(item)).length === 1,
      ).length,
      parentItems: PARENT_OPEN.length,
      repeats: semantic.length - new Set(semantic.map(normalizeText)).size,
      verifiedKept: verifiedKept(sections, written),
      fallbacks,
    };
  } finally {
    cleanup();
  }
}

async function run(
  script: Script,
  input: {
    sections: Sections;
    parent: { id: string; sections: Sections };
    session: Parameters<typeof summarizeWithModel>[0]["session"];
    env: Record<string, string>;
  },
  maxInputTokens: number,
) {
  const server = await startModelServer({ script });
  try {
    const pass = await summarizeWithModel({
      ...input,
      env: { ...input.env, ANTHROPIC_BASE_URL: server.url },
      settings: {
        source: "llm",
        model: parseModelSpec(MODEL),
        baseUrl: null,
        limits: { timeoutMs: 10_000, maxInputTokens, maxOutputTokens: 2_000 },
      },
    });
    return { pass, sent: server.turnRequests()[0]?.text ?? "" };
  } finally {
    await server.close();
  }
}

/**
 * The scripted model: the semantic sections of the extracted handoff and of the parent, as
 * the request shows them, joined under the document's headings without the verified marks.
 */
export function echoModel(prompt: string): string {
  const [extracted = "", rest = ""] = prompt.split(/^# Previous handoff.*$/m);
  const parentPart = rest.split(/^# Recent messages.*$/m)[0] ?? "";
  const mine = parseSectionsMarkdown(extracted);
  const theirs = parseSectionsMarkdown(parentPart);
  const out: string[] = [];
  for (const [name, heading] of SECTION_HEADINGS) {
    if (!MODEL_SECTIONS.includes(name)) continue;
    const value =
      name === "goal"
        ? (mine.goal ?? theirs.goal ?? null)
        : [...((theirs[name] as Fact[] | null) ?? []), ...((mine[name] as Fact[] | null) ?? [])];
    const lines =
      value === null || (Array.isArray(value) && value.length === 0)
        ? ["_None._"]
        : renderSection(name, value as Sections[typeof name]);
    out.push(`## ${heading}`, "", ...lines, "");
  }
  return out.join("\n");
}

function plantedFacts(facts: ReturnType<typeof readFixtureFacts>): string[] {
  return [
    facts.goal,
    facts.decision,
    facts.failedApproach,
    facts.openQuestion,
    facts.failingError,
    ...facts.todos.done,
    ...facts.todos.pending,
    ...PARENT_OPEN,
  ].filter((fact) => fact !== "");
}

function itemTexts(sections: Sections, name: keyof Sections): string[] {
  const value = sections[name];
  if (value === null) return [];
  if (!Array.isArray(value)) return [(value as Fact).text];
  return value.map((item) => {
    const record = item as { text?: string; decision?: string; approach?: string };
    return record.text ?? record.decision ?? record.approach ?? "";
  });
}

function verifiedKept(before: Sections, after: Sections): boolean {
  for (const [name] of SECTION_HEADINGS) {
    const old = before[name];
    const items = old === null ? [] : Array.isArray(old) ? old : [old];
    const now = after[name];
    const nowItems = now === null ? [] : Array.isArray(now) ? now : [now];
    for (const item of items as { provenance: string }[]) {
      if (item.provenance !== "verified") continue;
      if (!nowItems.some((candidate) => JSON.stringify(candidate) === JSON.stringify(item))) {
        return false;
      }
    }
  }
  return true;
}

function claim(text: string): Fact {
  return { text, provenance: "claimed" };
}
