import { BatonError } from "../core/errors.ts";
import { machineSigner } from "../safety/machine-signer.ts";
import { enrichHandoff, sectionHeadings } from "../summarize/enrich-handoff.ts";
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
import { GIVEN_OPTIONS, readGiven } from "./given-input.ts";
import { openProject } from "./open-project.ts";
import { say, writeData, writeJson } from "./output.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { chooseHandoff } from "./pick-handoff.ts";

const OPTIONS = {
  ...GIVEN_OPTIONS,
  replace: {
    type: "boolean",
    description: `also replace sections that already hold claims (never verified facts)`,
  },
  force: {
    type: "boolean",
    description: `enrich a handoff this machine did not sign; it is not signed again, so it shows as unverified`,
  },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  json: {
    type: "boolean",
    description: `print {schemaVersion, id, path, filled, kept, redactions, signed, tokens}`,
  },
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [
    `baton enrich --stdin <<'EOF'
  ## Goal
  Fix token refresh
  ## Next Steps
  1. Add a mutex
  EOF`,
    `baton enrich 2026-11-21-fix-login --goal "Fix token refresh" --next "Add a mutex"`,
    `baton enrich --from-file notes.md --replace`,
  ],
  usage: `baton enrich [id] [options]`,
  about: `Fills the sections a capture left marked for enrichment (<!-- baton:enrich -->), in
place: what a compaction hook could not extract, written by the agent from what it still
knows, or by you. The sections are taken as "baton create" takes them and become claims;
the handoff keeps its id and status and is signed again by this machine. Without an id it
takes the one "baton resume" would. Sections that already hold something are left as they
are unless --replace is given, and verified facts (git's files, recorded checks) are never
replaced.`,
  options: OPTIONS,
  footer: `A handoff signed on another machine, or not signed at all, is refused: signing its
claims with this machine's key would pass them off as ours. --force enriches it anyway and
keeps its old signature, which then no longer matches: it shows as unverified.`,
});

export const enrichCommand: Command = {
  name: "enrich",
  summary: "fill a handoff's sections marked for enrichment, in place",
  help: HELP,
  run: runEnrich,
};

async function runEnrich(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("enrich", args, OPTIONS, 1);
  // Input first: a bad summary fails before the handoff is looked for.
  const { sections: given } = await readGiven(io, values);
  if (Object.keys(given).length === 0) {
    throw new BatonError(
      "usage",
      "no sections given to enrich the handoff with (--stdin, --from-file, --goal, --next, --decision)",
    );
  }
  const { git, store } = await openProject(io, values);
  const id = positionals[0];
  const picked =
    id === undefined ? await chooseHandoff(io, store, git.branch, "enrich") : await store.get(id);
  const enriched = await enrichHandoff({
    store,
    id: picked.id,
    given,
    replace: values.replace,
    force: values.force,
    signer: machineSigner(io.env),
    env: io.env,
    thorough: true,
  });
  const { entry, filled, kept } = enriched;
  if (kept.length > 0) {
    say(
      io,
      `baton: kept ${sectionHeadings(kept)} as they were (already filled; --replace overwrites claims)`,
    );
  }
  if (enriched.redactions > 0) {
    say(
      io,
      `baton: redacted ${enriched.redactions} secret${enriched.redactions === 1 ? "" : "s"} before writing`,
    );
  }
  if (!enriched.resigned) {
    say(io, `baton: ${entry.id} is not signed by this machine; it shows as unverified`);
  }
  say(io, `baton: enriched ${entry.id}: ${sectionHeadings(filled)}`);
  if (values.json) {
    writeJson(io, {
      id: entry.id,
      path: entry.path,
      filled,
      kept,
      redactions: enriched.redactions,
      signed: enriched.resigned,
      tokens: entry.handoff.tokens,
    });
  } else {
    writeData(io, displayPath(entry.path, io.cwd));
  }
  return 0;
}
