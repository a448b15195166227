#!/usr/bin/env node
import { processIo } from "./cli-io.ts";
import { EXIT_CANCELLED, runCli } from "./run-cli.ts";

// Writes are atomic, so stopping mid-command leaves no half file behind; say so and go.
process.once("SIGINT", () => {
  process.stderr.write("baton: cancelled\n");
  process.exit(EXIT_CANCELLED);
});

// A reader that stops early (`baton list | head -1`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), processIo());
