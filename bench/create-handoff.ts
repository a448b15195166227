// One `baton create --from claude-code --session ID` in a process of its own, so its peak
// memory is its own: the session read as the CLI reads a large file (readSessionBounded),
// then the handoff drafted as `create` drafts it (draftHandoff: git, the plan files, the
// extractive sections, buildHandoff, thorough redaction), its token counts, the document and
// the continuation prompt rendered. Everything but writing the file (`create --dry-run`).
// Prints the time, peak RSS and whether the document and the prompt each hold the facts the
// transcript's last records planted (bench/failing-test-tail.ts). BENCH_DIST names a built
// tree to load instead of the sources, as bench/parse-session.ts does. `--show` prints the
// document and the prompt on stderr.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentReader, ReaderContext } from "../src/agents/agent-reader.ts";
import type { Handoff } from "../src/core/handoff.ts";
import type { Session } from "../src/core/session.ts";
import type { CaptureRequest, DraftedHandoff } from "../src/summarize/capture-handoff.ts";
import { FAILING_TEST } from "./failing-test-tail.ts";

const args = process.argv.slice(2);
const show = args.includes("--show");
const path = args.filter((arg) => arg !== "--show")[0] ?? "";
const root = process.env.BENCH_DIST ?? new URL("../src", import.meta.url).pathname;
const ext = process.env.BENCH_DIST ? "js" : "ts";
const load = (module: string) => import(`${root}/${module}.${ext}`);
const { claudeCodeReader } = (await load("agents/claude-code/claude-code-reader")) as {
  claudeCodeReader: AgentReader;
};
const { readSessionBounded } = (await load("agents/read-session-bounded")) as {
  readSessionBounded: (r: AgentReader, l: string, c: ReaderContext) => Promise<Session>;
};
const { draftHandoff } = (await load("summarize/capture-handoff")) as {
  draftHandoff: (request: CaptureRequest) => Promise<DraftedHandoff>;
};
const { withTokens } = await load("summarize/with-tokens");
const { likelyHandoffId } = await load("store/handoff-file-name");
const { SIZE_PRESETS } = await load("summarize/extractive/size-presets");
const { renderDocument } = (await load("core/render-document")) as {
  renderDocument: (h: Handoff) => string;
};
const { renderPrompt } = (await load("core/render-prompt")) as {
  renderPrompt: (h: Handoff, o: { budget?: number }) => { text: string; tokens: number };
};

// A folder that is no git repository, as in test/eval: every fact comes from the transcript.
const work = mkdtempSync(join(tmpdir(), "baton-bench-create-"));
const env = {
  PATH: process.env.PATH,
  HOME: work,
  XDG_STATE_HOME: join(work, "state"),
  XDG_CONFIG_HOME: join(work, "config"),
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CEILING_DIRECTORIES: work,
};
try {
  const now = new Date("2026-12-01T10:42:00Z");
  const context = { env: {}, homedir: "/nonexistent" };
  const start = performance.now();
  const session = await readSessionBounded(claudeCodeReader, path, context);
  const read = performance.now();
  const { draft } = await draftHandoff({
    cwd: work,
    env,
    now,
    session,
    trigger: "manual",
    size: "standard",
    sessionMayBeElsewhere: true,
    thorough: true,
  });
  const budget = SIZE_PRESETS.standard.promptBudget as number;
  const id = likelyHandoffId(draft, now) as string;
  const handoff: Handoff = { ...withTokens(draft, id, budget), id };
  const document = renderDocument(handoff);
  const prompt = renderPrompt(handoff, { budget });
  const ms = performance.now() - start;
  if (show) process.stderr.write(`${document}\n----- prompt -----\n${prompt.text}\n`);
  const holds = (text: string) => ({
    request: text.includes(FAILING_TEST.request),
    test: text.includes(FAILING_TEST.testName),
    assertion: text.includes(FAILING_TEST.assertion),
    command: commandFailed(text),
  });
  process.stdout.write(
    JSON.stringify({
      ms,
      readMs: read - start,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      messages: session.messageCount,
      promptTokens: prompt.tokens,
      document: holds(document),
      prompt: holds(prompt.text),
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * The failing command with its exit code on one line: the prompt's validation reads
 * `` `npx vitest run …` exit 1 ``, the document's records the exit code beside the command.
 */
function commandFailed(text: string): boolean {
  return text
    .split("\n")
    .some(
      (line) =>
        line.includes(FAILING_TEST.command) &&
        new RegExp(`exit(?: code)?:? ${FAILING_TEST.exitCode}\\b`, "i").test(line),
    );
}
