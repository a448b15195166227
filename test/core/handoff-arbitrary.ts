import fc from "fast-check";
import {
  canonicalModifiedFile,
  ENRICH_MARKER,
  FileChange,
  FileState,
  HANDOFF_SCHEMA,
  type Handoff,
  HandoffStatus,
  Provenance,
  TodoStatus,
  Trigger,
} from "../../src/core/handoff.ts";

/** Pieces that mean something in the document's grammar, so strings made of them hit every edge. */
const NASTY = [
  "---",
  "...",
  "## Goal",
  "\n## Todos\n",
  "##",
  "# Handoff: x",
  ENRICH_MARKER,
  "_(verified)_",
  " _(verified)_",
  " — because ",
  " - because ",
  " -- ",
  " — ",
  " → ",
  " -> ",
  "`",
  '"',
  '"x"',
  "\\",
  "\\n",
  "[x] ",
  "[ ]",
  "- ",
  "* ",
  "1. ",
  "_None._",
  "None",
  "(none)",
  "> ",
  "<!-- x -->",
  ", ",
  "exit 1",
  "error: ",
  "dirty",
  "clean",
  "at ",
  "head ",
  " (staged)",
  "modified",
  "\n",
  "\n\n",
  "\r\n",
  "\r",
  "\t",
  "  ",
  " ",
  "\u00a0",
  "\u2028",
  "\u0085",
  "\u0000",
  "\ufeff",
  "\ud800",
  "é",
  "日本語",
  "😀",
  "null",
  "~",
  "true",
  "0123",
  "key: value",
  "#",
];

const nastyString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
      { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
      { weight: 3, arbitrary: fc.lorem({ maxCount: 3 }) },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(""));

export const anyText: fc.Arbitrary<string> = nastyString;
export const someText: fc.Arbitrary<string> = nastyString.filter((s) => s.length > 0);

const provenance = fc.constantFrom(...Provenance.options);
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const list = <T>(arb: fc.Arbitrary<T>) => orNull(fc.array(arb, { maxLength: 4 }));

const fact = fc.record({ text: someText, provenance });

export const handoffArbitrary: fc.Arbitrary<Handoff> = fc.record({
  schema: fc.constant(HANDOFF_SCHEMA),
  id: someText,
  created: anyText,
  trigger: fc.constantFrom(...Trigger.options),
  status: fc.constantFrom(...HandoffStatus.options),
  topic: someText,
  branch: orNull(anyText),
  head: orNull(anyText),
  dirty: orNull(fc.boolean()),
  source: fc.record({
    agent: orNull(anyText),
    sessionId: orNull(anyText),
    transcript: orNull(anyText),
    model: orNull(anyText),
    provider: orNull(anyText),
    agentMode: orNull(anyText),
  }),
  parent: orNull(anyText),
  claim: orNull(
    fc.record({ session: someText, agent: orNull(anyText), at: anyText, leaseUntil: anyText }),
  ),
  restoredAt: orNull(anyText),
  supersededBy: orNull(anyText),
  tokens: orNull(fc.record({ document: fc.nat(), prompt: fc.nat() })),
  redactions: fc.nat(),
  sections: fc.record({
    goal: orNull(fact),
    currentState: list(fact),
    keyDecisions: list(fc.record({ decision: someText, reason: orNull(someText), provenance })),
    failedApproaches: list(fc.record({ approach: someText, reason: orNull(someText), provenance })),
    modifiedFiles: list(
      fc
        .record({
          path: someText,
          change: fc.constantFrom(...FileChange.options),
          state: orNull(fc.constantFrom(...FileState.options)),
          from: orNull(someText),
          provenance,
        })
        // Valid handoffs are canonical: an untracked file's state is "untracked".
        .map(canonicalModifiedFile),
    ),
    todos: list(
      fc.record({ text: someText, status: fc.constantFrom(...TodoStatus.options), provenance }),
    ),
    validation: list(
      fc.record({
        command: someText,
        exitCode: orNull(fc.integer({ min: -(2 ** 31), max: 2 ** 31 })),
        at: orNull(anyText),
        head: orNull(anyText),
        dirty: orNull(fc.boolean()),
        errorLine: orNull(someText),
        provenance,
      }),
    ),
    filesToRead: list(fc.record({ path: someText, reason: orNull(someText), provenance })),
    nextSteps: list(fact),
    openQuestions: list(fact),
  }),
});
