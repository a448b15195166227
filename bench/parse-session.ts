// One full parse in a process of its own, so its peak memory is its own: `bounded` as baton
// reads a large session (src/agents/read-session-bounded.ts), `thread` in the main thread
// with V8's default heap (the reference).
import { claudeCodeReader } from "../src/agents/claude-code/claude-code-reader.ts";
import { readSessionBounded } from "../src/agents/read-session-bounded.ts";

const [mode = "bounded", path = ""] = process.argv.slice(2);
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
