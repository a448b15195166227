import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as baton from "../../src/index.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempRepo, type TempRepo } from "../support/temp-repo.ts";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const made of repos.splice(0)) made.cleanup();
});

describe("the library API", () => {
  it("builds, redacts, stores and renders a handoff the way the CLI does", async () => {
    const r = makeTempRepo({ branch: "feat/lib" });
    repos.push(r);
    r.write("docs/plans/lib.md", "# plan\n");
    const git = await baton.captureGit(r.dir);
    expect(git.inRepo).toBe(true);
    const given = baton.givenFromText(
      '{"goal": "Use the library", "next_steps": ["export it"]}',
      "input",
    );
    const draft = baton.buildHandoff({
      git,
      modifiedFiles: baton.toModifiedFiles(git),
      planFiles: await baton.findPlanFiles(git.root ?? r.dir),
      given: given.sections,
      trigger: "tool",
      topic: baton.chooseTopic({ branch: git.branch, goal: null }),
      parent: null,
      created: new Date().toISOString(),
      source: baton.emptySource(),
    });
    const { handoff: safe } = await baton.redactHandoff(draft, { env: {} });
    const store = baton.openStore({ root: r.dir, env: {} });
    const { handoff, path } = await store.create({
      ...safe,
      topic: baton.slugifyTopic(safe.topic),
    });
    expect(path).toBe(`${r.dir}/${baton.DEFAULT_HANDOFF_DIR}/${handoff.id}.md`);
    expect(handoff.sections.filesToRead).toEqual([
      { path: "docs/plans/lib.md", reason: "plan", provenance: "verified" },
    ]);
    const prompt = baton.renderPrompt(handoff, { documentPath: path });
    expect(prompt.text).toContain("Use the library");
    expect(prompt.tokens).toBeLessThanOrEqual(baton.DEFAULT_PROMPT_BUDGET);
    expect(baton.Handoff.parse((await store.get(handoff.id)).handoff)).toEqual(handoff);
  });

  it("reads a recorded session and summarizes it into sections, without a model", async () => {
    const fixture = join(FIXTURES_ROOT, "codex/0.169.0/fix-slugify");
    const facts = readFixtureFacts(fixture);
    const context = { env: {}, homedir: join(fixture, "home") };
    const found = await baton.findSession(context, await baton.loadReaders(), {
      id: facts.sessionId,
    });
    expect(found.reader).toBe(await baton.loadReader("codex"));
    const session = await found.reader.readSession(found.info.location, context);
    const r = makeTempRepo();
    repos.push(r);
    const sections = baton.summarizeSession(session, await baton.captureGit(r.dir));
    expect(sections.goal?.text).toContain(facts.goal.slice(0, 30));
    expect(sections.openQuestions?.[0]?.text).toBe(facts.openQuestion);
    const tail = await found.reader.readTail(found.info.location, context, { last: 2 });
    expect(baton.renderMessages(tail.messages)).toContain(facts.openQuestion);
  });
});
