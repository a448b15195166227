// One full parse in a process of its own, so its peak memory is its own.
import { claudeCodeReader } from "../src/agents/claude-code/claude-code-reader.ts";

const [path = ""] = process.argv.slice(2);
const start = performance.now();
const session = await claudeCodeReader.readSession(path, { env: {}, homedir: "/nonexistent" });
const ms = performance.now() - start;
process.stdout.write(
  JSON.stringify({
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    messages: session.messageCount,
  }),
);
