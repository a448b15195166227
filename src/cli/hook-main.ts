#!/usr/bin/env node
// The hooks' own entry: `node hook-main.js claude-code <event>` is `baton hook claude-code
// <event>` without the CLI shell, so the session-start hook loads nothing it does not use
// (it has 150 ms for its whole process, node start included). No compile cache here: with it
// on, Copilot CLI 1.0.102's sessionEnd hook, which runs while Copilot exits, wrote nothing
// (test/live/copilot-integration.test.ts), and the hooks' CPU did not change with it.

// A reader gone away is no error of a hook's: it has nobody left to answer.
process.stdout.on("error", () => undefined);

// A hook on a Node too old for baton logs why and leaves its agent alone (exit 0).
const { nodeVersionProblem } = await import("./node-version.ts");
const tooOld = nodeVersionProblem(process.version);
if (tooOld !== null) {
  const { appendLog } = await import("../integrations/append-log.ts");
  const { hookLogPath } = await import("../integrations/baton-state-dir.ts");
  appendLog(
    hookLogPath(process.env),
    process.argv[2] ?? "(none)",
    process.argv[3] ?? "hook",
    tooOld,
  );
  process.exit(0);
}

const { armHookDeadline } = await import("./deadline.ts");
await armHookDeadline(process.argv.slice(2), process.env);
const { runHookProcess } = await import("./run-hook-process.ts");
process.exitCode = await runHookProcess(process.argv.slice(2));
