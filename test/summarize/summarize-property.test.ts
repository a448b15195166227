import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import type { ToolCall } from "../../src/core/session.ts";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { notARepo } from "./not-a-repo.ts";
import { renderHandoff } from "./render-handoff.ts";
import { assistant, buildSession, edit, shell, user, write } from "./session-builder.ts";

/**
 * Whatever a transcript holds (markdown, backticks, the enrich marker, headings, odd
 * unicode), the extracted handoff renders to a document that parses back to itself: a
 * capture hook must never fail on what a model happened to write.
 */
const fragment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "Decision: use `x` because y.",
    "I tried `rm -rf` but it didn't work.",
    "## Goal",
    "<!-- baton:enrich -->",
    "- [ ] not a todo",
    "_(verified)_",
    "Should I?",
    "Next, I'll do it.",
    "Actually, instead use z.",
    "```js\ncode\n```",
    "**bold**",
    "\u0000\u001b[31m",
    "emoji 🎉 and RTL שלום",
    "---",
    "> quote",
  ),
);
const text = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(" "));
const path = fc.constantFrom(
  "/work/app/src/a.ts",
  "/work/app/b c.md",
  "/work/app/`x`.ts",
  "rel/d.ts",
);
const call = fc.oneof(
  fc
    .tuple(text, fc.integer({ min: 0, max: 3 }), text)
    .map(([c, code, out]) => shell(c || "x", code, out)),
  fc.tuple(path, text, text).map(([p, a, b]) => edit(p, a, b)),
  fc.tuple(path, text).map(([p, c]) => write(p, c)),
);
const message = fc.oneof(
  text.map((t) => user(t)),
  fc
    .tuple(text, fc.array(call, { maxLength: 3 }))
    .map(([t, calls]) => assistant(t, ...(calls as ToolCall[]))),
);

describe("summarizeSession on arbitrary transcripts", () => {
  it("always yields a document that parses back to the same handoff", async () => {
    const git = await notARepo();
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 12 }),
        fc.array(
          fc.tuple(text, fc.constantFrom("pending", "in_progress", "completed", "cancelled")),
          {
            maxLength: 4,
          },
        ),
        (messages, todos) => {
          const session = buildSession({
            messages,
            todos: todos.map(([t, status]) => ({ text: t, status: status as "pending" })),
          });
          const sections = summarizeSession(session, git);
          const { document, handoff } = renderHandoff(session, git, sections);
          expect(parseDocument(document).sections).toEqual(handoff.sections);
        },
      ),
      { numRuns: 300 },
    );
  });
});
