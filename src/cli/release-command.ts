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
import { openProject } from "./open-project.ts";
import { say, writeJson } from "./output.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { lastClaimed } from "./pick-handoff.ts";
import { SESSION_ENV_NAMES, sessionFromEnv } from "./resolve-session.ts";

const OPTIONS = {
  session: {
    type: "string",
    value: "ID",
    description: `release the claim of this session (default ${SESSION_ENV_NAMES}, else the most recent claim)`,
  },
  json: { type: "boolean", description: `print {schemaVersion, id, path, released}` },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [`baton release`, `baton release 2026-11-21-fix-login`],
  usage: `baton release [id] [options]`,
  about: `Gives a claim back: the handoff is open again, for "baton resume" or "baton continue"
in any session. Without an id: the claim of this session, else the most recent claim. A
claim also lapses by itself 30 minutes after it was taken.`,
  options: OPTIONS,
});

export const releaseCommand: Command = {
  name: "release",
  summary: "give a claimed handoff back, so another session can take it",
  help: HELP,
  run: runRelease,
};

async function runRelease(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("release", args, OPTIONS, 1);
  const { store } = await openProject(io, values);
  const named = values.session?.trim() || undefined;
  const session = named ?? sessionFromEnv(io.env)?.session;
  const given = positionals[0];
  const id =
    given === undefined
      ? (await lastClaimed(io, store, session, named !== undefined, "release")).id
      : (await store.get(given)).id;
  const before = (await store.get(id)).handoff.claim;
  const entry = await store.release(id);
  if (values.json) writeJson(io, { id: entry.id, path: entry.path, released: before });
  say(
    io,
    `baton: released ${entry.id}${before ? ` (claimed by session ${before.session})` : ""}; it is open for "baton resume" or "baton continue"`,
  );
  return 0;
}
