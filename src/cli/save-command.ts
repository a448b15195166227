import type { AgentAdapter } from "../adapters/agent-adapter.ts";
import { adaptersWith, agentIdOf, displayNameOf, findAdapter } from "../adapters/registry.ts";
import { readSessionBounded } from "../agents/read-session-bounded.ts";
import type { Session } from "../core/session.ts";
import {
  restoreSessionState,
  saveSessionState,
} from "../integrations/session-state/save-session-state.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import {
  ALLOW_OUTSIDE_OPTION,
  commandHelp,
  DIR_OPTION,
  HELP_OPTION,
  type OptionTable,
  VERBOSE_OPTION,
} from "./command-options.ts";
import { displayPath } from "./display-path.ts";
import { openProject } from "./open-project.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { readerContext } from "./reader-context.ts";

const WITH_STATE = "with a session-state file";
const STATEFUL = adaptersWith("sessionStatePath");
const FIRST = STATEFUL[0]?.id ?? "AGENT";

const OPTIONS = {
  json: { type: "boolean", description: "print {schemaVersion, path, basis, state}" },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const SAVE_HELP = commandHelp({
  examples: STATEFUL.map(
    (adapter) => `baton save ${adapter.id.padEnd(12)} # writes ${adapter.sessionStatePath}`,
  ),
  usage: `baton save <${STATEFUL.map((adapter) => adapter.id).join(" | ")}> [options]`,
  about: `Writes the agent's session-state file (version 2.0, as in the session-handoff setups
for ${STATEFUL.map((adapter) => adapter.displayName).join(", ")}) from the newest open handoff of this branch;
without one, inside the agent from the session it runs (where the agent names it); else
from git alone. Secrets are masked. Keep these files out of git. Prints the file's path.`,
  options: OPTIONS,
});

const RESTORE_OPTIONS = {
  json: { type: "boolean", description: "print {schemaVersion, path, state, prompt}" },
  dir: { ...DIR_OPTION, hidden: true },
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const RESTORE_HELP = commandHelp({
  examples: [`baton restore ${FIRST}`, `baton restore ${FIRST} --json`],
  usage: `baton restore <${STATEFUL.map((adapter) => adapter.id).join(" | ")}> [options]`,
  about: `Prints the agent's saved session state as the prompt to continue from ("I'm continuing
work from …"). Nothing is changed.`,
  options: RESTORE_OPTIONS,
});

export const saveCommand: Command = {
  name: "save",
  summary: "write an agent's session-state JSON (seed 001's save)",
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
  const adapter = findAdapter(positionals[0], "sessionStatePath", WITH_STATE);
  const saved = await saveSessionState({
    target: { agent: adapter.id, displayName: adapter.displayName, path: adapter.sessionStatePath },
    cwd: io.cwd,
    env: io.env,
    now: io.now(),
    dir: values.dir,
    session: runningSession(io, adapter),
  });
  if (values.json) {
    writeJson(io, { path: saved.path, basis: saved.basis, state: saved.state });
  } else {
    writeData(io, displayPath(saved.path, io.cwd));
  }
  say(io, `baton: session state of ${adapter.id} saved from ${saved.basis}`);
  if (saved.redactions > 0) {
    say(
      io,
      `baton: redacted ${saved.redactions} secret${saved.redactions === 1 ? "" : "s"} before writing`,
    );
  }
  return 0;
}

/** The agent's own session, when baton runs inside it and the agent names it in the environment. */
async function runningSession(io: CliIo, adapter: AgentAdapter): Promise<Session | null> {
  const id = adapter.sessionEnv === null ? undefined : io.env[adapter.sessionEnv]?.trim();
  if (!id || adapter.loadReader === null) return null;
  const reader = await adapter.loadReader();
  const context = readerContext(io);
  const ref = (await reader.locateSessions(context)).find((candidate) => candidate.id === id);
  return ref === undefined ? null : readSessionBounded(reader, ref.location, context);
}

async function runRestore(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("restore", args, RESTORE_OPTIONS, 1);
  const adapter = findAdapter(positionals[0], "sessionStatePath", WITH_STATE);
  const { root } = await openProject(io, values);
  const restored = await restoreSessionState(
    root,
    { agent: adapter.id, displayName: adapter.displayName, path: adapter.sessionStatePath },
    displayNameOf,
    agentIdOf,
  );
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
