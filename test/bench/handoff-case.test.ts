import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILING_TEST, failingTestTail } from "../../bench/failing-test-tail.ts";
import { generateClaudeTranscript } from "../../bench/generate-claude-transcript.ts";
import { claudeCodeReader } from "../../src/agents/claude-code/claude-code-reader.ts";
import { encodeClaudeProjectDir } from "../../src/agents/claude-code/paths.ts";
import { NODE_BIN, PROJECT_ROOT } from "../cli/run-baton.ts";
import { makeTempDir, makeTempRepo } from "../support/temp-repo.ts";

/**
 * The handoff case of `npm run bench` (bench/handoff.ts) on a small transcript: the records
 * it plants last are read as Claude Code's own (the failed Bash call with its exit code), and
 * its measuring script finds every planted fact in the document and the prompt of a real
 * `baton create --from claude-code --latest`.
 */
const home = makeTempDir("baton-bench-case-");
const repo = makeTempRepo({ branch: "feat/bench" });
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  repo.cleanup();
});
const id = "00000000-0000-4000-8000-00000000b0b0";
const transcript = join(
  home,
  "claude",
  "projects",
  encodeClaudeProjectDir(repo.dir),
  `${id}.jsonl`,
);
beforeAll(async () => {
  mkdirSync(join(transcript, ".."), { recursive: true });
  await generateClaudeTranscript(transcript, 2 << 20, repo.dir, id, failingTestTail(repo.dir));
});

describe("the bench's handoff case", () => {
  it("ends in the new request and a failed test command, read as the reader reads Claude Code", async () => {
    const session = await claudeCodeReader.readSession(transcript, { env: {}, homedir: home });
    const [request, answer] = session.messages.slice(-2);
    expect(request?.role).toBe("user");
    expect(request?.text).toBe(FAILING_TEST.request);
    const call = answer?.toolCalls.at(-1);
    expect(call).toMatchObject({
      name: "Bash",
      category: "shell",
      command: FAILING_TEST.command,
      exitCode: FAILING_TEST.exitCode,
      isError: true,
    });
    expect(call?.output).toContain(`× ${FAILING_TEST.testName}`);
    expect(call?.output).toContain(FAILING_TEST.assertion);
  });

  it("gives a document and a prompt that each hold the request, the test, the assertion and the exit code", () => {
    // The sources, not a built tree: what this checkout's tests test.
    const { BENCH_DIST: _built, ...env } = process.env;
    const measured = JSON.parse(
      execFileSync(
        NODE_BIN,
        [join(PROJECT_ROOT, "bench/create-handoff.ts"), repo.dir, transcript],
        {
          encoding: "utf8",
          env,
        },
      ),
    );
    const all = { request: true, test: true, assertion: true, command: true };
    expect(measured.document).toEqual(all);
    expect(measured.prompt).toEqual(all);
    expect(measured.promptTokens).toBeLessThanOrEqual(400);
    expect(measured.ms).toBeGreaterThan(0);
  });
});
