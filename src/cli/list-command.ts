import type { Handoff } from "../core/handoff.ts";
import { judgeHandoff, readTrustSet, type TrustVerdict } from "../safety/trust-store.ts";
import { sharedRoot } from "../store/shared-root.ts";
import { summarizeEntry } from "../store/summarize-entry.ts";
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
import { formatAge } from "./format-age.ts";
import { formatTable } from "./format-table.ts";
import { openProject } from "./open-project.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { warnBroken } from "./pick-handoff.ts";

const OPTIONS = {
  all: { type: "boolean", description: `include archived handoffs` },
  json: { type: "boolean", description: `print {schemaVersion, handoffs: [...], errors: [...]}` },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [`baton list`, `baton list --all`, `baton list --json | jq -r '.handoffs[0].id'`],
  usage: `baton list [options]`,
  about: `The handoffs of this repository, newest first: status, branch, topic, created, age, id;
with --all also archived ones and where each came from (this machine, a trusted signer,
or an untrusted one: "unknown", "unsigned", "edited").
A file that cannot be read is listed as "broken" and its error is printed on stderr;
the others are listed all the same.`,
  options: OPTIONS,
});

export const listCommand: Command = {
  name: "list",
  summary: "list handoffs, newest first",
  help: HELP,
  run: runList,
};

async function runList(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("list", args, OPTIONS, 0);
  const { store, root } = await openProject(io, values);
  const entries = await store.list({ all: values.all ?? false });
  const trust = readTrustSet(io.env, sharedRoot(root));
  for (const problem of trust.problems) warn(io, problem);
  const verdictOf = (handoff: Handoff) => judgeHandoff(handoff, trust);
  const now = io.now();
  if (values.json) {
    writeJson(io, {
      dir: store.dir,
      handoffs: entries.flatMap((entry) =>
        entry.ok ? [{ ...summarizeEntry(entry), ...fromOf(verdictOf(entry.handoff)) }] : [],
      ),
      errors: entries.flatMap((entry) =>
        entry.ok ? [] : [{ id: entry.id, path: entry.path, message: entry.error.message }],
      ),
    });
  } else if (entries.length === 0) {
    say(io, `baton: no handoffs in ${displayPath(store.dir, io.cwd)}`);
  } else {
    const rows = entries.map((entry) =>
      entry.ok
        ? [
            entry.handoff.origin === "hand-written"
              ? `${entry.handoff.status} (by hand)`
              : entry.handoff.status,
            entry.handoff.branch ?? "-",
            entry.handoff.topic,
            formatCreated(entry.handoff.created),
            formatAge(entry.handoff.created, now),
            entry.id,
            ...(values.all ? [verdictOf(entry.handoff).who] : []),
          ]
        : ["broken", "-", "-", "-", "-", entry.id, ...(values.all ? ["-"] : [])],
    );
    // With --all, where each came from: this machine, a trusted signer, or nobody trusted.
    const headings = ["STATUS", "BRANCH", "TOPIC", "CREATED", "AGE", "ID"];
    writeData(io, formatTable(values.all ? [...headings, "FROM"] : headings, rows));
  }
  warnBroken(io, entries);
  return 0;
}

function fromOf(verdict: TrustVerdict) {
  return { from: verdict.who, trusted: verdict.trusted, signer: verdict.signer };
}

/** Minutes are enough to tell handoffs apart in a table; the document has the full time. */
function formatCreated(created: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(created);
  return match ? `${match[1]} ${match[2]}` : created;
}
