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
import { say, writeData, writeJson } from "./output.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { lastClaimed } from "./pick-handoff.ts";
import { SESSION_ENV_NAMES, sessionFromEnv } from "./resolve-session.ts";

const OPTIONS = {
  session: {
    type: "string",
    value: "ID",
    description: `the session that claimed it (default ${SESSION_ENV_NAMES}); given, a claim of another session is refused`,
  },
  json: { type: "boolean", description: `print {schemaVersion, id, path, restoredAt}` },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [
    `baton ack`,
    `baton ack 2026-11-21-fix-login`,
    `baton ack --session "$CLAUDE_CODE_SESSION_ID"`,
  ],
  usage: `baton ack [id] [options]`,
  about: `Marks a handoff restored (the new session really proceeded from it) and moves it to the
archive. By default: the handoff claimed by this session, else the most recently claimed
one. Prints the archived file's path.`,
  options: OPTIONS,
});

export const ackCommand: Command = {
  name: "ack",
  summary: "mark a resumed handoff restored and archive it",
  help: HELP,
  run: runAck,
};

async function runAck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("ack", args, OPTIONS, 1);
  const { store } = await openProject(io, values);
  // A session named with --session acknowledges its own claim only.
  const named = values.session?.trim() || undefined;
  const session = named ?? sessionFromEnv(io.env)?.session;
  const given = positionals[0];
  const id =
    given === undefined
      ? (await lastClaimed(io, store, session, named !== undefined, "ack")).id
      : (await store.get(given)).id;
  const entry = await store.markRestored(id, { session: named });
  if (values.json) {
    writeJson(io, { id: entry.id, path: entry.path, restoredAt: entry.handoff.restoredAt });
  } else {
    writeData(io, displayPath(entry.path, io.cwd));
  }
  say(io, `baton: ${entry.id} restored and archived`);
  return 0;
}
