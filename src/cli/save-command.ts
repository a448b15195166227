import {
  restoreSessionState,
  saveSessionState,
  toSessionStateAgent,
} from "../integrations/session-state/save-session-state.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import { displayPath } from "./display-path.ts";
import { openProject } from "./open-project.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { COMMON_OPTIONS, parseCommandArgs } from "./parse-command-args.ts";
import { readerContext } from "./reader-context.ts";

const SAVE_HELP = `Examples:
  baton save claude-code       # writes .claude/.session-state.json
  baton save opencode          # .opencode/.session-state.json
  baton save copilot           # .github/copilot-session-state.json

Usage: baton save <agent> [options]

Writes the agent's session-state file (version 2.0, as in the session-handoff setups
for Claude Code, OpenCode and Copilot) from the newest open handoff of this branch;
without one, inside Claude Code from this session's transcript; else from git alone.
Keep these files out of git. Prints the file's path.

Options:
      --json       print {schemaVersion, path, basis, state}
      --dir DIR    handoff folder (default $BATON_DIR, else docs/handoffs)
  -h, --help       show this help
`;

const RESTORE_HELP = `Examples:
  baton restore claude-code
  baton restore opencode --json

Usage: baton restore <agent> [options]

Prints the agent's saved session state as the prompt to continue from ("I'm continuing
work from …"). Nothing is changed.

Options:
      --json       print {schemaVersion, path, state, prompt}
  -h, --help       show this help
`;

const OPTIONS = { ...COMMON_OPTIONS, json: { type: "boolean" } } as const;

export const saveCommand: Command = {
  name: "save",
  summary: "write an agent's session-state JSON (.claude/.session-state.json, ...)",
  help: SAVE_HELP,
  run: runSave,
};

export const restoreCommand: Command = {
  name: "restore",
  summary: "print an agent's saved session state as a prompt",
  help: RESTORE_HELP,
  run: runRestore,
};

async function runSave(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("save", args, OPTIONS, 1);
  const agent = toSessionStateAgent(positionals[0]);
  const { git, root, store } = await openProject(io, values);
  const saved = await saveSessionState({
    agent,
    root,
    git,
    store,
    now: io.now(),
    reader: readerContext(io),
    claudeSessionId: io.env.CLAUDE_CODE_SESSION_ID?.trim() || null,
  });
  if (values.json) {
    writeJson(io, { path: saved.path, basis: saved.basis, state: saved.state });
  } else {
    writeData(io, displayPath(saved.path, io.cwd));
  }
  say(io, `baton: session state of ${agent} saved from ${saved.basis}`);
  return 0;
}

async function runRestore(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("restore", args, OPTIONS, 1);
  const agent = toSessionStateAgent(positionals[0]);
  const { root } = await openProject(io, values);
  const restored = await restoreSessionState(root, agent);
  if (values.json) {
    writeJson(io, { path: restored.path, state: restored.state, prompt: restored.prompt });
  } else {
    writeData(io, restored.prompt);
  }
  if (restored.ignored > 0) {
    warn(io, `${displayPath(restored.path, io.cwd)}: ${restored.ignored} unknown field(s) ignored`);
  }
  return 0;
}
