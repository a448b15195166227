import { describe, expect, it } from "vitest";
import type { ToolCall } from "../../src/core/session.ts";
import { SIZE_PRESETS } from "../../src/summarize/extractive/size-presets.ts";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import { notARepo } from "./not-a-repo.ts";
import { renderHandoff } from "./render-handoff.ts";
import { assistant, buildSession, edit, read, shell, user, write } from "./session-builder.ts";

/** A long, busy session: every section has far more than any preset keeps. */
function longSession(turns: number) {
  const words = "the parser keeps a cache of resolved modules and the watcher invalidates it";
  const messages: Parameters<typeof buildSession>[0]["messages"] = [
    user(`Rewrite the module resolver. ${words.repeat(20)}`),
  ];
  for (let i = 0; i < turns; i++) {
    const path = `/work/app/src/module-${i % 400}/file-${i}.ts`;
    const calls: ToolCall[] = [
      read(path),
      i % 3 === 0 ? write(path) : edit(path, `a${i}`, `b${i}`),
      shell(
        `npm test -- shard-${i % 7}`,
        i % 5 === 0 ? 1 : 0,
        `AssertionError: RESOLVE-${i}: ${words}`,
      ),
    ];
    messages.push(
      assistant(
        `Decision: resolve step ${i} eagerly, because ${words}. I tried lazy resolution ${i}, but it didn't work because ${words}. Should we keep shard ${i}?`,
        ...calls,
      ),
    );
    if (i % 50 === 0) messages.push(user(`Also handle case ${i}: ${words}`));
  }
  const todos = Array.from({ length: 120 }, (_, i) => ({
    text: `Port resolver rule ${i}: ${words}`,
    status: i % 3 === 0 ? ("pending" as const) : ("completed" as const),
  }));
  return buildSession({ messages, todos });
}

describe("size presets", () => {
  it("keep the document near 2,000 tokens and the prompt under 400, whatever the length", async () => {
    const git = await notARepo();
    const tokens: number[] = [];
    for (const turns of [50, 500, 3000]) {
      const session = longSession(turns);
      const r = renderHandoff(session, git, summarizeSession(session, git));
      expect(r.promptTokens).toBeLessThanOrEqual(400);
      expect(r.documentTokens).toBeLessThanOrEqual(2200);
      tokens.push(r.documentTokens);
    }
    // Flat: the longest session costs no more than a tenth over the shorter one.
    expect(tokens[2]).toBeLessThanOrEqual((tokens[1] as number) * 1.1);
  });

  it("grow from minimal to full, each prompt within its own budget", async () => {
    const git = await notARepo();
    const session = longSession(300);
    const sizes = (["minimal", "standard", "full"] as const).map((size) => {
      const r = renderHandoff(session, git, summarizeSession(session, git, { size }), size);
      expect(r.promptTokens).toBeLessThanOrEqual(SIZE_PRESETS[size].promptBudget);
      return r.documentTokens;
    });
    expect(sizes[0]).toBeLessThan(sizes[1] as number);
    expect(sizes[1]).toBeLessThan(sizes[2] as number);
    expect(sizes[0]).toBeLessThanOrEqual(1100);
  });

  it("never cut an open todo for a completed one", async () => {
    const git = await notARepo();
    const session = buildSession({
      messages: [user("Go.")],
      todos: [
        ...Array.from({ length: 30 }, (_, i) => ({
          text: `done ${i}`,
          status: "completed" as const,
        })),
        { text: "still open", status: "pending" as const },
        { text: "doing", status: "in_progress" as const },
      ],
    });
    const todos = summarizeSession(session, git, { size: "minimal" }).todos ?? [];
    expect(todos).toHaveLength(SIZE_PRESETS.minimal.todos);
    expect(todos.slice(-3).map((t) => t.text)).toEqual(["done 29", "still open", "doing"]);
  });
});
