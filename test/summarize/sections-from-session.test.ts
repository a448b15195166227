import { describe, expect, it } from "vitest";
import { ENRICH_MARKER, emptySections } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { sectionsFromSession } from "../../src/summarize/sections-from-session.ts";
import { bareHandoff } from "../core/prompt-fixtures.ts";
import { notARepo } from "./not-a-repo.ts";
import { renderHandoff } from "./render-handoff.ts";
import { assistant, buildSession, edit, shell, user } from "./session-builder.ts";

const session = buildSession({
  messages: [
    user("Make `npm test` pass."),
    assistant("Decision: pin node 22.", shell("npm test", 1, "Error: NODE-VERSION")),
    assistant("Next, I'll bump the engines field. Does CI use node 20?"),
  ],
});

describe("sectionsFromSession", () => {
  it("lets each given section replace the extracted one, whole", async () => {
    const sections = sectionsFromSession({
      session,
      git: await notARepo(),
      given: {
        goal: { text: "Upgrade to node 22", provenance: "claimed" },
        keyDecisions: undefined,
      },
    });
    expect(sections.goal).toEqual({ text: "Upgrade to node 22", provenance: "claimed" });
    expect(sections.keyDecisions?.map((d) => d.decision)).toEqual(["Pin node 22"]);
    expect(sections.validation?.[0]?.errorLine).toBe("Error: NODE-VERSION");
    expect(sections.nextSteps).toEqual([
      { text: "Next, I'll bump the engines field.", provenance: "claimed" },
    ]);
    expect(sections.openQuestions).toEqual([
      { text: "Does CI use node 20?", provenance: "claimed" },
    ]);
  });

  it("takes an ask tool's question that got no answer, but not one that was answered", async () => {
    const ask = (output: string | null) => ({
      id: null,
      name: "AskUserQuestion",
      category: "other" as const,
      input: { questions: [{ question: "Which database?", options: [] }] },
      output,
      exitCode: null,
      isError: false,
      command: null,
      paths: [],
      at: null,
    });
    const git = await notARepo();
    const pending = buildSession({ messages: [user("Set up storage."), assistant("", ask(null))] });
    expect(sectionsFromSession({ session: pending, git }).openQuestions).toEqual([
      { text: "Which database?", provenance: "claimed" },
    ]);
    const answered = buildSession({
      messages: [user("Set up storage."), assistant("", ask("Postgres"))],
    });
    expect(sectionsFromSession({ session: answered, git }).openQuestions).toBeNull();
    const replied = buildSession({
      messages: [user("Set up storage."), assistant("Which database?"), user("Postgres.")],
    });
    expect(sectionsFromSession({ session: replied, git }).openQuestions).toBeNull();
  });

  it("keeps the extracted files, adding given ones only for paths it does not list", async () => {
    const withEdit = buildSession({
      messages: [user("Go."), assistant("", edit("/work/app/src/a.ts", "1", "2"))],
    });
    const given = {
      modifiedFiles: [
        {
          path: "src/a.ts",
          change: "deleted" as const,
          state: null,
          from: null,
          provenance: "claimed" as const,
        },
        {
          path: "docs/b.md",
          change: "modified" as const,
          state: null,
          from: null,
          provenance: "claimed" as const,
        },
      ],
    };
    const sections = sectionsFromSession({ session: withEdit, git: await notARepo(), given });
    expect(sections.modifiedFiles?.map((f) => [f.path, f.change, f.provenance])).toEqual([
      ["src/a.ts", "modified", "verified"],
      ["docs/b.md", "modified", "claimed"],
    ]);
  });

  it("merges the parent before the given sections apply", async () => {
    const parent = bareHandoff({
      id: "p",
      created: "2026-05-01T09:00:00.000Z",
      topic: "node",
      sections: {
        ...emptySections(),
        failedApproaches: [{ approach: "nvm in CI", reason: null, provenance: "claimed" }],
      },
    });
    const sections = sectionsFromSession({
      session,
      git: await notARepo(),
      parent,
      given: { failedApproaches: null },
    });
    expect(sections.failedApproaches).toBeNull();
    const withoutGiven = sectionsFromSession({ session, git: await notARepo(), parent });
    expect(withoutGiven.failedApproaches?.map((f) => f.approach)).toEqual(["nvm in CI"]);
  });

  it("writes a document that parses back, with the enrich marker where nothing was found", async () => {
    const git = await notARepo();
    const sections = sectionsFromSession({ session, git });
    const { document, handoff } = renderHandoff(session, git, sections);
    expect(parseDocument(document).sections).toEqual(handoff.sections);
    expect(sections.todos).toBeNull();
    expect(document).toMatch(new RegExp(`## Todos\\n\\n${ENRICH_MARKER}`));
  });
});
