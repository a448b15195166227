#!/usr/bin/env node
// The hooks' own entry: `node hook-main.js claude-code <event>` is `baton hook claude-code
// <event>` without the CLI shell, so the session-start hook loads nothing it does not use
// (it has 150 ms for its whole process, node start included).

// A reader gone away is no error of a hook's: it has nobody left to answer.
process.stdout.on("error", () => undefined);

const { runHookProcess } = await import("./run-hook-process.ts");
process.exitCode = await runHookProcess(process.argv.slice(2));
