import { homedir } from "node:os";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { AGENT_ADAPTERS, adaptersWith, findAdapter } from "../adapters/registry.ts";
import { BatonError } from "../core/errors.ts";
import { locateRepo } from "../git/locate-repo.ts";
import type { InstallOutcome } from "../integrations/agent-integration.ts";
import { batonEntryPath, hookEntryPath } from "../integrations/baton-entry.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import {
  commandHelp,
  HELP_OPTION,
  type OptionTable,
  VERBOSE_OPTION,
  wrap,
} from "./command-options.ts";
import { displayPath } from "./display-path.ts";
import { nodeVersionProblem } from "./node-version.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { parseChoice, parseCommandArgs } from "./parse-command-args.ts";

type Verb = "install" | "uninstall";

const INSTALLABLE = adaptersWith("loadIntegration");
const IDS = INSTALLABLE.map((adapter) => adapter.id);
const NOT_INSTALLABLE = AGENT_ADAPTERS.filter((adapter) => adapter.loadIntegration === null);
const FIRST = IDS[0] ?? "AGENT";

const OPTIONS = {
  scope: {
    type: "string",
    value: "SCOPE",
    description: "where to install (per agent below; the first one is the default)",
  },
  "dry-run": { type: "boolean", description: "print what would change, change nothing" },
  json: {
    type: "boolean",
    description: "print what changed as JSON, with a schemaVersion and dryRun",
  },
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

/**
 * The agents' paragraphs load their integrations, so the help is made on first use; the
 * command table's summary line stays free of them.
 */
async function agentsHelp(verb: Verb): Promise<string> {
  const parts: string[] = [];
  for (const adapter of INSTALLABLE) {
    const integration = await adapter.loadIntegration();
    const scopes = integration.scopes
      .map((scope) => wrap(`--scope ${scope.name}: ${scope.where}`, 76).join("\n      "))
      .map((line) => `  ${line}`);
    const about =
      verb === "install" ? `${adapter.id}: ${integration.summary}\n` : `${adapter.id}:\n`;
    parts.push(`${about}${scopes.join("\n")}`);
  }
  const without = NOT_INSTALLABLE.map((adapter) => adapter.id).join(", ");
  if (without !== "") {
    parts.push(
      wrap(
        `Not installable (baton reads them or writes their state, but has no hooks or plugin for them yet): ${without}.`,
        80,
      ).join("\n"),
    );
  }
  return parts.join("\n\n");
}

function makeCommand(verb: Verb, summary: string, about: string): Command {
  const help = (agents: string) =>
    commandHelp({
      examples: [
        `baton ${verb} ${FIRST}`,
        `baton ${verb} ${FIRST} --scope user`,
        ...IDS.slice(1).map((id) => `baton ${verb} ${id}`),
        `baton ${verb} ${FIRST} --dry-run`,
      ],
      usage: `baton ${verb} <${IDS.join(" | ")}> [options]`,
      about: agents === "" ? about : `${about}\n\n${agents}`,
      options: OPTIONS,
    });
  return {
    name: verb,
    summary,
    help: help(""),
    loadHelp: async () => help(await agentsHelp(verb)),
    run: (args, io) => runInstall(verb, args, io),
  };
}

export const installCommand = makeCommand(
  "install",
  "add baton's hooks and commands to an agent",
  `Adds baton to the agent. Installing again changes nothing; files that exist and were
not written by baton are left alone.`,
);

export const uninstallCommand = makeCommand(
  "uninstall",
  "remove baton's hooks and commands from an agent",
  `Removes what "baton install" added (settings are backed up first); everything else is kept.`,
);

async function runInstall(verb: Verb, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(verb, args, OPTIONS, 1);
  // The hooks run this node; one that cannot run baton would fail in every session.
  const tooOld = nodeVersionProblem(process.version);
  if (verb === "install" && tooOld !== null) {
    throw new BatonError("usage", `not installing hooks that run ${process.execPath}: ${tooOld}`);
  }
  const adapter = findAdapter(positionals[0], "loadIntegration", `baton can ${verb}`);
  const integration = await adapter.loadIntegration();
  const scopes = integration.scopes.map((scope) => scope.name);
  const scope = parseChoice("scope", values.scope, scopes) ?? scopes[0] ?? "project";
  const dryRun = values["dry-run"] === true;
  const root = locateRepo(io.cwd).root;
  const spec = integration.scopes.find((candidate) => candidate.name === scope);
  const inProject = spec?.inRepository ? packageInProject(root) : undefined;
  const outcome = await integration[verb]({
    scope,
    root,
    env: io.env,
    homedir: io.env.HOME ?? homedir(),
    now: io.now(),
    dryRun,
    launcher: {
      node: process.execPath,
      entry: batonEntryPath(),
      hookEntry: hookEntryPath(),
      inProject,
    },
  });
  if (values.json) writeJson(io, { dryRun, ...outcome.json });
  else report(io, verb, outcome, dryRun);
  if (verb === "install" && inProject !== undefined) {
    say(
      io,
      `baton: these files name the project's own baton (${inProject}), not this machine's paths: safe to commit; teammates get it with npm install`,
    );
  } else if (verb === "install" && spec !== undefined) {
    say(io, `baton: ${spec.sharing}`);
  }
  return 0;
}

/**
 * `node_modules/agent-baton` when this baton is the repository's own dependency (installed
 * with npm install in it), else undefined.
 */
function packageInProject(root: string): string | undefined {
  const packageDir = resolve(dirname(batonEntryPath()), "../..");
  const rel = relative(root, packageDir);
  return !isAbsolute(rel) && rel.split(sep).join("/") === PROJECT_PACKAGE
    ? PROJECT_PACKAGE
    : undefined;
}

const PROJECT_PACKAGE = "node_modules/agent-baton";

function report(io: CliIo, verb: Verb, outcome: InstallOutcome, dryRun: boolean): void {
  const show = (path: string) => displayPath(path, io.cwd);
  writeData(io, outcome.files.map((f) => `${f.action.padEnd(10)} ${show(f.path)}`).join("\n"));
  for (const file of outcome.files) {
    if (file.action === "skip") warn(io, `${show(file.path)} ${file.reason ?? ""}; left alone`);
  }
  if (dryRun) {
    if (outcome.dryRunDetails.length === 0) say(io, "baton: dry run; nothing was changed");
    for (const line of outcome.dryRunDetails) say(io, line);
    return;
  }
  const changed = outcome.files.some((f) => ["create", "update", "remove"].includes(f.action));
  if (!changed) say(io, `baton: already ${verb}ed; nothing changed`);
  else say(io, outcome.doneMessage);
}
