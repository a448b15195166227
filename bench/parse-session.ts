// One full parse in a process of its own, so its peak memory is its own: `bounded` as baton
// reads a large session (src/agents/read-session-bounded.ts), `thread` in the main thread
// with V8's default heap (the reference). BENCH_DIST names a built tree to load instead of
// the sources (what an installed package runs; the sources pay for type stripping).
import type { AgentReader, ReaderContext } from "../src/agents/agent-reader.ts";
import type { Session } from "../src/core/session.ts";

const [mode = "bounded", path = ""] = process.argv.slice(2);
const root = process.env.BENCH_DIST ?? new URL("../src", import.meta.url).pathname;
const ext = process.env.BENCH_DIST ? "js" : "ts";
const { claudeCodeReader } = (await import(
  `${root}/agents/claude-code/claude-code-reader.${ext}`
)) as {
  claudeCodeReader: AgentReader;
};
const { readSessionBounded } = (await import(`${root}/agents/read-session-bounded.${ext}`)) as {
  readSessionBounded: (r: AgentReader, l: string, c: ReaderContext) => Promise<Session>;
};
const context = { env: {}, homedir: "/nonexistent" };
const start = performance.now();
const session =
  mode === "thread"
    ? await claudeCodeReader.readSession(path, context)
    : await readSessionBounded(claudeCodeReader, path, context);
const ms = performance.now() - start;
process.stdout.write(
  JSON.stringify({
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    messages: session.messageCount,
  }),
);
