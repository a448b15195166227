#!/usr/bin/env node
import module from "node:module";

// V8's code cache (in the system's temp folder, Node's default): the bundled CLI is not
// compiled again at each start.
module.enableCompileCache?.();
// Writes are atomic, so stopping mid-command leaves no half file behind; say so and go.
// Installed before anything loads, so Ctrl-C is answered from the first moment.
process.once("SIGINT", () => {
  process.stderr.write("baton: cancelled\n");
  process.exit(130);
});

// A reader that stops early (`baton list | head -1`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

// Before anything that needs a newer Node (node:sqlite) is loaded.
const { nodeVersionProblem } = await import("./node-version.ts");
const tooOld = nodeVersionProblem(process.version);
if (tooOld !== null) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(1);
}

const { armCommandDeadline } = await import("./deadline.ts");
await armCommandDeadline(process.argv.slice(2), process.env);
const { processIo } = await import("./cli-io.ts");
const { runCli } = await import("./run-cli.ts");
process.exitCode = await runCli(process.argv.slice(2), processIo());
