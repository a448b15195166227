import { relative } from "node:path";
import { BatonError } from "../core/errors.ts";
import { renderDocument } from "../core/render-document.ts";
import { renderPrompt } from "../core/render-prompt.ts";
import { toSessionState } from "../core/session-state.ts";
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
import { say, writeData, writeJson } from "./output.ts";
import { parseChoice, parseCommandArgs, parsePositiveInt } from "./parse-command-args.ts";
import { chooseHandoff } from "./pick-handoff.ts";
import { redactValue } from "./redact-output.ts";

const OPTIONS = {
  prompt: {
    type: "boolean",
    description: `the continuation prompt instead (same as --format prompt)`,
  },
  format: {
    type: "string",
    value: "FORMAT",
    description: `markdown (default), prompt, session-state (the v2.0 session-state JSON) or json (the handoff object)`,
  },
  budget: { type: "string", value: "N", description: `token budget of the prompt (default 400)` },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [
    `baton show`,
    `baton show 2026-11-21-fix-login --prompt`,
    `baton show --prompt --budget 250`,
    `baton show --format session-state > session-state.json`,
  ],
  usage: `baton show [id] [options]`,
  about: `Prints a handoff, as its markdown document by default, and never claims it. Without an
id it takes the one "baton resume" would: the newest open one of this branch, else the
newest open one, else the newest claimed one. An id may be shortened to any unique prefix;
archived handoffs are found too.`,
  options: OPTIONS,
});

const FORMATS = ["markdown", "prompt", "session-state", "json"] as const;

export const showCommand: Command = {
  name: "show",
  summary: "print a handoff, its continuation prompt or its session-state JSON",
  help: HELP,
  run: runShow,
};

async function runShow(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("show", args, OPTIONS, 1);
  const format = parseChoice("format", values.format, FORMATS);
  if (values.prompt && format !== undefined && format !== "prompt") {
    throw new BatonError("usage", `--prompt and --format ${format} ask for different outputs`);
  }
  const budget = parsePositiveInt("budget", values.budget);
  const chosen = values.prompt ? "prompt" : (format ?? "markdown");
  if (budget !== undefined && chosen !== "prompt") {
    throw new BatonError("usage", "--budget applies to the prompt only (add --prompt)");
  }
  const { store, root, git } = await openProject(io, values);
  const id = positionals[0];
  const entry =
    id === undefined ? await chooseHandoff(io, store, git.branch, "show") : await store.get(id);
  const { verdict, shown: handoff, preface } = judgeEntry(io, root, entry.handoff);
  // Who signed it, unless this machine did (the usual case, not worth a line).
  if (!verdict.local) say(io, `baton: ${entry.id}: ${verdict.signer}`);
  switch (chosen) {
    case "markdown":
      writeData(io, renderDocument(handoff));
      break;
    case "prompt": {
      const prompt = renderPrompt(handoff, { budget, documentPath: relative(root, entry.path) });
      writeData(io, preface === null ? prompt.text : `${preface}\n\n${prompt.text}`);
      break;
    }
    case "session-state":
      writeData(io, JSON.stringify(redactValue(io, toSessionState(handoff)), null, 2));
      break;
    case "json":
      writeJson(io, {
        path: entry.path,
        trust: { trusted: verdict.trusted, signer: verdict.signer, key: verdict.fingerprint },
        handoff,
      });
      break;
  }
  return 0;
}
