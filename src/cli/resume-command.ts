import { relative } from "node:path";
import { BatonError } from "../core/errors.ts";
import { renderPrompt } from "../core/render-prompt.ts";
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
import { judgeEntry } from "./judge-entry.ts";
import { openProject } from "./open-project.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { parseCommandArgs, parsePositiveInt } from "./parse-command-args.ts";
import { chooseHandoff } from "./pick-handoff.ts";
import { resolveClaimSession, SESSION_ENV_NAMES } from "./resolve-session.ts";

const OPTIONS = {
  session: {
    type: "string",
    value: "ID",
    description: `the claiming session (default ${SESSION_ENV_NAMES}, else one made up for this command)`,
  },
  peek: {
    type: "boolean",
    description: `print the prompt without claiming the handoff (what "baton show --prompt" prints)`,
  },
  force: {
    type: "boolean",
    description: `take the handoff over from the session that claimed it, when that session is gone`,
  },
  budget: { type: "string", value: "N", description: `token budget of the prompt (default 400)` },
  json: {
    type: "boolean",
    description: `print {schemaVersion, id, path, prompt, tokens, trimmed, claim, trust, drift}`,
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
    `baton resume --peek                     # look without claiming`,
    `baton resume --force                    # the session that claimed it is gone`,
    `baton resume --session "$CLAUDE_CODE_SESSION_ID" --json`,
  ],
  usage: `baton resume [id] [options]`,
  about: `Prints the continuation prompt of the newest open handoff for the current branch (else
the newest open one) and marks it claimed by this session. With several candidates it
asks on a terminal; without one it takes the newest and says which on stderr. When the
branch or HEAD moved since the handoff, or files are uncommitted now, it says so on
stderr. Run "baton ack" once the new session is under way, or "baton release" to give the
claim back. "baton show --prompt" and "resume --peek" print the same handoff's prompt
without claiming it; to start another agent on it, see "baton continue".`,
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
  if (values.peek && values.force) {
    throw new BatonError("usage", "--peek claims nothing, so there is nothing to --force");
  }
  const budget = parsePositiveInt("budget", values.budget);
  const { git, root, store } = await openProject(io, values);
  const chosen =
    positionals[0] === undefined
      ? await chooseHandoff(io, store, git.branch, "resume")
      : await store.get(positionals[0]);
  const claimer = resolveClaimSession(values.session, io);
  const before = chosen.handoff.claim;
  const entry = values.peek
    ? chosen
    : await store.claim(chosen.id, { ...claimer, force: values.force === true });
  const { handoff } = entry;
  const { verdict, shown, preface } = judgeEntry(io, root, handoff);
  const rendered = renderPrompt(shown, { budget, documentPath: relative(root, entry.path) });
  const prompt = {
    ...rendered,
    text: preface === null ? rendered.text : `${preface}\n\n${rendered.text}`,
  };
  const drift = await describeDrift(handoff, git, { ...io.env });

  if (values.json) {
    writeJson(io, {
      id: handoff.id,
      path: entry.path,
      prompt: prompt.text,
      tokens: prompt.tokens,
      trimmed: prompt.trimmed,
      claim: handoff.claim,
      trust: { trusted: verdict.trusted, signer: verdict.signer, key: verdict.fingerprint },
      drift,
    });
  } else {
    writeData(io, prompt.text);
  }
  if (values.peek) {
    say(
      io,
      `baton: ${handoff.id} is ${handoff.status}, not claimed (--peek); run "baton resume" to take it`,
    );
  } else {
    if (before !== null && before.session !== claimer.session) {
      say(
        io,
        `baton: took over ${handoff.id} from session ${before.session} (its claim ran until ${before.leaseUntil})`,
      );
    }
    say(
      io,
      `baton: claimed ${handoff.id} for session ${claimer.session} until ${handoff.claim?.leaseUntil ?? "?"}; run "baton ack" once under way, or "baton release" to give it back`,
    );
  }
  if (!verdict.local) say(io, `baton: ${handoff.id}: ${verdict.signer}`);
  for (const line of drift) warn(io, line);
  return 0;
}
