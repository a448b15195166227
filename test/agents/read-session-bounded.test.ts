import { rmSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { AgentReader } from "../../src/agents/agent-reader.ts";
import { claudeCodeReader } from "../../src/agents/claude-code/claude-code-reader.ts";
import { readSessionBounded } from "../../src/agents/read-session-bounded.ts";
import { BatonError } from "../../src/core/errors.ts";
import { FIXTURES_ROOT } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * Reading a session whole in a worker with a bounded heap: the same Session as a read in
 * the calling thread, a reader error kept as such, and a session the bounded heap cannot
 * hold read again in the calling thread.
 */
const dir = makeTempDir("baton-bounded-read-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A reader in a module of its own (so a worker can load it) that says which thread read. */
function throwawayReader(name: string, body: string): Promise<AgentReader> {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(
    path,
    `import { threadId } from "node:worker_threads";
export const reader = {
  source: import.meta.url, contract: 1, agent: "${name}", displayName: "${name}",
  async readSession(location) { ${body} },
};
`,
  );
  return import(pathToFileURL(path).href).then((module) => module.reader as AgentReader);
}

const context = { env: {}, homedir: "/nonexistent" };

describe("readSessionBounded", () => {
  it("reads a real transcript in a worker to the same Session as in this thread", async () => {
    const root = join(FIXTURES_ROOT, "claude-code", "2.1.332", "fix-off-by-one", "home");
    const files = (await readdir(root, { recursive: true, encoding: "utf8" })).filter(
      (name) => name.endsWith(".jsonl") && !name.includes("subagents"),
    );
    expect(files.length).toBeGreaterThan(0);
    const path = join(root, files[0] as string);
    const here = await claudeCodeReader.readSession(path, context);
    const there = await readSessionBounded(claudeCodeReader, path, context, "worker");
    expect(there.messageCount).toBeGreaterThan(0);
    expect(there).toEqual(here);
  });

  it("reads in a worker when asked, and in this thread for a small file on auto", async () => {
    const reader = await throwawayReader("which-thread", "return { threadId, location };");
    const small = join(dir, "small.jsonl");
    writeFileSync(small, "{}\n");
    const worker = (await readSessionBounded(reader, small, context, "worker")) as unknown as {
      threadId: number;
    };
    expect(worker.threadId).toBeGreaterThan(0);
    const auto = (await readSessionBounded(reader, small, context)) as unknown as {
      threadId: number;
    };
    expect(auto.threadId).toBe(0);
  });

  it("keeps a reader's error and its code", async () => {
    const reader = await throwawayReader(
      "fails",
      `const error = new Error("line 3 is not JSON"); error.code = "parse";
       error[Symbol.for("agent-baton.error")] = true; throw error;`,
    );
    const failure = await readSessionBounded(reader, "/x", context, "worker").catch((e) => e);
    expect(BatonError.is(failure)).toBe(true);
    expect((failure as BatonError).code).toBe("parse");
    expect((failure as Error).message).toBe("line 3 is not JSON");
  });

  it("reads again in this thread a session the bounded heap cannot hold", async () => {
    // In the worker this keeps ~200 MB of live objects, over its 48 MB old generation.
    const reader = await throwawayReader(
      "greedy",
      `if (threadId === 0) return { threadId, kept: 0 };
       const kept = []; for (let i = 0; i < 4e6; i++) kept.push({ i, text: "x" + i });
       return { threadId, kept: kept.length };`,
    );
    const session = (await readSessionBounded(reader, "/x", context, "worker")) as unknown as {
      threadId: number;
    };
    expect(session.threadId).toBe(0);
  }, 60_000);

  it("reads in this thread a reader that does not name its module", async () => {
    const named = await throwawayReader("unnamed", "return { threadId };");
    const { source: _source, ...reader } = named;
    const session = (await readSessionBounded(reader, "/x", context, "worker")) as unknown as {
      threadId: number;
    };
    expect(session.threadId).toBe(0);
  });
});
