import { relative } from "node:path";
import { BatonError } from "../core/errors.ts";
import { renderPrompt } from "../core/render-prompt.ts";
import type { HandoffStore } from "../store/open-store.ts";
import { describeDrift } from "../summarize/describe-drift.ts";
import { type CliIo, canPrompt } from "./cli-io.ts";
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
import { parseCommandArgs, parsePositiveInt } from "./parse-command-args.ts";
import {
  askForHandoff,
  describe,
  type GoodEntry,
  goodEntries,
  warnBroken,
} from "./pick-handoff.ts";
import { resolveClaimSession, SESSION_ENV_NAMES } from "./resolve-session.ts";

const OPTIONS = {
  session: {
    type: "string",
    value: "ID",
    description: `the claiming session (default ${SESSION_ENV_NAMES}, else one made up for this command)`,
  },
  budget: { type: "string", value: "N", description: `token budget of the prompt (default 400)` },
  json: {
    type: "boolean",
    description: `print {schemaVersion, id, path, prompt, tokens, trimmed, claim, drift}`,
  },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [
    `baton resume`,
    `baton resume 2026-11-21-fix-login`,
    `baton resume --session "$CLAUDE_CODE_SESSION_ID" --json`,
  ],
  usage: `baton resume [id] [options]`,
  about: `Prints the continuation prompt of the newest open handoff for the current branch (else
the newest open one) and marks it claimed by this session. With several candidates it
asks on a terminal; without one it takes the newest and says which on stderr. When the
branch or HEAD moved since the handoff, or files are uncommitted now, it says so on
stderr. Run "baton ack" once the new session is under way.`,
  options: OPTIONS,
});

export const resumeCommand: Command = {
  name: "resume",
  summary: "print the continuation prompt of the newest open handoff and claim it",
  help: HELP,
  run: runResume,
};

async function runResume(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("resume", args, OPTIONS, 1);
  const budget = parsePositiveInt("budget", values.budget);
  const { git, root, store } = await openProject(io, values);
  const id = positionals[0] ?? (await chooseCandidate(io, store, git.branch));
  const claimer = resolveClaimSession(values.session, io);
  const entry = await store.claim((await store.get(id)).id, claimer);
  const { handoff } = entry;
  const prompt = renderPrompt(handoff, { budget, documentPath: relative(root, entry.path) });
  const drift = await describeDrift(handoff, git, { ...io.env });

  if (values.json) {
    writeJson(io, {
      id: handoff.id,
      path: entry.path,
      prompt: prompt.text,
      tokens: prompt.tokens,
      trimmed: prompt.trimmed,
      claim: handoff.claim,
      drift,
    });
  } else {
    writeData(io, prompt.text);
  }
  say(
    io,
    `baton: claimed ${handoff.id} for session ${claimer.session}; run "baton ack" once under way`,
  );
  for (const line of drift) warn(io, line);
  return 0;
}

async function chooseCandidate(
  io: CliIo,
  store: HandoffStore,
  branch: string | null,
): Promise<string> {
  const entries = await store.list();
  warnBroken(io, entries);
  const open = goodEntries(entries).filter((entry) => entry.handoff.status === "open");
  const onBranch = branch === null ? [] : open.filter((entry) => entry.handoff.branch === branch);
  const candidates: GoodEntry[] = onBranch.length > 0 ? onBranch : open;
  const [newest] = candidates;
  if (newest === undefined) {
    throw new BatonError(
      "not-found",
      `no open handoff to resume in ${displayPath(store.dir, io.cwd)} (see "baton list --all")`,
    );
  }
  if (candidates.length === 1) return newest.id;
  if (canPrompt(io)) {
    const where = onBranch.length > 0 ? ` on ${branch}` : "";
    return (
      await askForHandoff(io, `${candidates.length} open handoffs${where}: which one?`, candidates)
    ).id;
  }
  say(
    io,
    `baton: ${candidates.length} open handoffs; resuming the newest, ${describe(newest.handoff, io.now())} (name another with "baton resume <id>")`,
  );
  return newest.id;
}
