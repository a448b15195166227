#!/usr/bin/env node
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

const { processIo } = await import("./cli-io.ts");
const { runCli } = await import("./run-cli.ts");
process.exitCode = await runCli(process.argv.slice(2), processIo());
