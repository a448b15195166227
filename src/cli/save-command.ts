import type { AgentAdapter } from "../adapters/agent-adapter.ts";
import { adaptersWith, agentIdOf, displayNameOf, findAdapter } from "../adapters/registry.ts";
import { readSessionBounded } from "../agents/read-session-bounded.ts";
import type { Session } from "../core/session.ts";
import type { ExcludeOutcome } from "../git/exclude-from-git.ts";
import type { GithubRefs } from "../git/read-github-refs.ts";
import {
  restoreSessionState,
  saveSessionState,
} from "../integrations/session-state/save-session-state.ts";
import { describeDrift } from "../summarize/describe-drift.ts";
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
  note: {
    type: "string",
    multiple: true,
    value: "TEXT",
    description: 'record a reason with the state ("Escalation: 3 STRICT violations"); repeatable',
  },
  json: {
    type: "boolean",
    description: "print {schemaVersion, path, basis, state, github, exclude}",
  },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const SAVE_HELP = commandHelp({
  examples: [
    ...STATEFUL.map(
      (adapter) => `baton save ${adapter.id.padEnd(12)} # writes ${adapter.sessionStatePath}`,
    ),
    `baton save ${FIRST} --note "Escalation: 3 STRICT violations after 2 auto-fix attempts"`,
  ],
  usage: `baton save <${STATEFUL.map((adapter) => adapter.id).join(" | ")}> [options]`,
  about: `Writes the agent's session-state file (version 2.0, as in the session-handoff setups
for ${STATEFUL.map((adapter) => adapter.displayName).join(", ")}) from the newest open handoff of this branch;
without one, inside the agent from the session it runs (where the agent names it); else
from git alone. git.issues and git.prs come from gh (the issues assigned to you, the
pull requests of this branch) when it is installed and logged in; otherwise they stay empty
and baton says why. The file is added to .git/info/exclude (never .gitignore) unless git
already ignores or tracks it. Secrets are masked. Prints the file's path.`,
  options: OPTIONS,
});

const RESTORE_OPTIONS = {
  json: {
    type: "boolean",
    description: "print {schemaVersion, path, state, prompt, extra, drift}",
  },
  dir: { ...DIR_OPTION, hidden: true },
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const RESTORE_HELP = commandHelp({
  examples: [`baton restore ${FIRST}`, `baton restore ${FIRST} --json`],
  usage: `baton restore <${STATEFUL.map((adapter) => adapter.id).join(" | ")}> [options]`,
  about: `Prints the agent's saved session state as the prompt to continue from ("I'm continuing
work from …"). Fields and lines someone added to the file by hand are shown, not dropped;
what moved since the save (branch, commits, uncommitted files) is said on stderr. Nothing is
changed.`,
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
    notes: values.note ?? [],
  });
  if (values.json) {
    writeJson(io, {
      path: saved.path,
      basis: saved.basis,
      state: saved.state,
      github: saved.github,
      exclude: saved.exclude,
    });
  } else {
    writeData(io, displayPath(saved.path, io.cwd));
  }
  say(io, `baton: session state of ${adapter.id} saved from ${saved.basis}`);
  const notes = saved.state.notes.length;
  if (notes > 0) say(io, `baton: recorded ${notes} note${notes === 1 ? "" : "s"}`);
  say(io, `baton: ${describeGithub(saved.github)}`);
  say(io, `baton: ${describeExclude(saved.exclude, adapter.sessionStatePath, io.cwd)}`);
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
  const { root, git } = await openProject(io, values);
  const restored = await restoreSessionState(
    root,
    { agent: adapter.id, displayName: adapter.displayName, path: adapter.sessionStatePath },
    displayNameOf,
    agentIdOf,
  );
  const { state } = restored;
  const drift = await describeDrift(
    {
      branch: state.git.branch,
      head: state.git.last_commit,
      sections: {
        modifiedFiles: [
          ...state.context.files_modified,
          ...state.context.files_created,
          ...state.git.staged_files,
        ].map((path) => ({ path })),
      },
    },
    git,
    { ...io.env },
    "save",
  );
  if (values.json) {
    writeJson(io, {
      path: restored.path,
      state,
      prompt: restored.prompt,
      extra: restored.extra,
      drift,
    });
  } else {
    writeData(io, restored.prompt);
  }
  const file = displayPath(restored.path, io.cwd);
  const edits = restored.extra.length - restored.appended;
  if (edits > 0) {
    warn(
      io,
      `${file}: ${edits} field${edits === 1 ? "" : "s"} not part of the format, shown as written`,
    );
  }
  if (restored.appended > 0) {
    warn(
      io,
      `${file}: ${restored.appended} line${restored.appended === 1 ? "" : "s"} of text after the JSON, shown as written (baton save ${adapter.id} --note "…" records a reason as JSON)`,
    );
  }
  if (drift.length > 0 && state.timestamp !== null) {
    say(io, `baton: since the save (${state.timestamp}):`);
  }
  for (const line of drift) warn(io, line);
  return 0;
}

function describeGithub(github: GithubRefs): string {
  if (!github.ok) return `git.issues and git.prs left empty: ${github.reason}`;
  const issues = github.issues.length === 0 ? "no issues" : `issues ${github.issues.join(", ")}`;
  const prs =
    github.prs.length === 0 ? "no pull requests" : `pull requests ${github.prs.join(", ")}`;
  return `from gh: ${issues} assigned to you, ${prs} for this branch`;
}

function describeExclude(outcome: ExcludeOutcome, path: string, cwd: string): string {
  switch (outcome.kind) {
    case "added":
      return `added /${path} to ${displayPath(outcome.excludeFile, cwd)} so git ignores it (.gitignore untouched)`;
    case "already-ignored":
      return `${path} is already ignored by git`;
    case "tracked":
      return `${path} is tracked by git, so it was left as it is; \`git rm --cached ${path}\` would stop tracking it`;
    case "not-a-repo":
      return "not in a git repository: nothing to keep the file out of";
    case "failed":
      return `could not add ${path} to .git/info/exclude: ${outcome.message}; keep it out of git yourself`;
  }
}
