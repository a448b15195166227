import { BatonError } from "../core/errors.ts";
import type { HandoffStore } from "../store/open-store.ts";
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
import { type GoodEntry, goodEntries } from "./pick-handoff.ts";
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
      ? await lastClaimed(io, store, session, named !== undefined)
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

/** The claim of this session if it has one, else the most recent claim of any session. */
async function lastClaimed(
  io: CliIo,
  store: HandoffStore,
  session: string | undefined,
  onlyMine: boolean,
): Promise<string> {
  const claimed = goodEntries(await store.list())
    .filter((entry) => entry.handoff.status === "claimed" && entry.handoff.claim !== null)
    .sort((a, b) => claimTime(b) - claimTime(a));
  const mine =
    session === undefined ? undefined : claimed.find((e) => e.handoff.claim?.session === session);
  const picked = onlyMine ? mine : (mine ?? claimed[0]);
  if (picked === undefined && onlyMine && claimed.length > 0) {
    throw new BatonError(
      "conflict",
      `session ${session} holds no claim in ${displayPath(store.dir, io.cwd)}; the claimed handoffs belong to other sessions`,
    );
  }
  if (picked === undefined) {
    throw new BatonError(
      "not-found",
      `no claimed handoff to acknowledge in ${displayPath(store.dir, io.cwd)} (a claim lapses after 30 minutes; name the handoff: "baton ack <id>")`,
    );
  }
  return picked.id;
}

function claimTime(entry: GoodEntry): number {
  const at = Date.parse(entry.handoff.claim?.at ?? "");
  return Number.isFinite(at) ? at : 0;
}
