import { pullHandoffs, pushHandoffs, type ShareReport } from "../store/share-handoffs.ts";
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

const OPTIONS = {
  json: {
    type: "boolean",
    description: `print {schemaVersion, remote, added, updated, pushed, notes, skipped}`,
  },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const ABOUT = `Handoffs travel through git refs of their own (refs/baton/handoffs/<id>), never
through a branch, over any remote git reaches (default origin): push and pull do not
touch your branches or working tree. Each handoff keeps its signature, so on the other
machine it is injected only if its signer is trusted there ("baton trust"). Lifecycle
changes travel too; when both sides claimed one handoff, the earlier claim holds and the
other stays in the ref's history. push pulls first, and tries again when another push
got there first.`;

export const pushCommand: Command = {
  name: "push",
  summary: "send this repository's handoffs to a git remote (refs/baton/*)",
  help: commandHelp({
    examples: [`baton push`, `baton push teammate`, `baton push git@host:me/repo.git`],
    usage: `baton push [REMOTE] [options]`,
    about: ABOUT,
    options: OPTIONS,
  }),
  run: (args, io) => runShare("push", args, io),
};

export const pullCommand: Command = {
  name: "pull",
  summary: "fetch handoffs from a git remote into the handoff folder",
  help: commandHelp({
    examples: [`baton pull`, `baton pull teammate`, `baton pull /path/to/clone`],
    usage: `baton pull [REMOTE] [options]`,
    about: ABOUT,
    options: OPTIONS,
  }),
  run: (args, io) => runShare("pull", args, io),
};

async function runShare(which: "push" | "pull", args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(which, args, OPTIONS, 1);
  const remote = positionals[0] ?? "origin";
  const { store } = await openProject(io, values);
  const share = which === "push" ? pushHandoffs : pullHandoffs;
  const report = await share({ cwd: io.cwd, store, remote, env: io.env });
  if (values.json) {
    writeJson(io, { remote, ...report });
  } else {
    say(io, summary(which, remote, report));
  }
  for (const line of report.notes) say(io, `baton: ${line}`);
  for (const line of report.skipped) say(io, `baton: skipped ${line}`);
  return 0;
}

function summary(which: "push" | "pull", remote: string, report: ShareReport): string {
  const parts = [`${report.added.length} new`, `${report.updated.length} updated`];
  if (which === "push") parts.push(`${report.pushed.length} sent`);
  const retried = report.attempts > 1 ? ` (${report.attempts} attempts)` : "";
  return `baton: ${which} ${remote}: ${parts.join(", ")}${retried}`;
}
