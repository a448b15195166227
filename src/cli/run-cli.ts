import { agentIdsWith } from "../adapters/registry.ts";
import { oneLine } from "../core/clip-line.ts";
import { BatonError, type BatonErrorCode } from "../core/errors.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import { say, sayError, writeData } from "./output.ts";
import { readPackageInfo } from "./package-info.ts";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

/**
 * Commands load on use: `--version`, `--help` and a usage error answer without loading
 * zod, the tokenizer or the secret scanner. The summary is repeated from the command for
 * that reason; a test keeps the two equal.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "create",
    summary: "capture git and the given summary into a new handoff",
    load: async () => (await import("./create-command.ts")).createCommand,
  },
  {
    name: "enrich",
    summary: "fill a handoff's sections marked for enrichment, in place",
    load: async () => (await import("./enrich-command.ts")).enrichCommand,
  },
  {
    name: "list",
    summary: "list handoffs, newest first",
    load: async () => (await import("./list-command.ts")).listCommand,
  },
  {
    name: "show",
    summary: "print a handoff, its continuation prompt or its session-state JSON",
    load: async () => (await import("./show-command.ts")).showCommand,
  },
  {
    name: "resume",
    summary: "print the continuation prompt of the newest open handoff and claim it",
    load: async () => (await import("./resume-command.ts")).resumeCommand,
  },
  {
    name: "continue",
    summary: "start the next agent on this branch's handoff, in this terminal",
    load: async () => (await import("./continue-command.ts")).continueCommand,
  },
  {
    name: "release",
    summary: "give a claimed handoff back, so another session can take it",
    load: async () => (await import("./release-command.ts")).releaseCommand,
  },
  {
    name: "ack",
    summary: "mark a resumed handoff restored and archive it",
    load: async () => (await import("./ack-command.ts")).ackCommand,
  },
  {
    name: "push",
    summary: "send this repository's handoffs to a git remote (refs/baton/*)",
    load: async () => (await import("./share-command.ts")).pushCommand,
  },
  {
    name: "pull",
    summary: "fetch handoffs from a git remote into the handoff folder",
    load: async () => (await import("./share-command.ts")).pullCommand,
  },
  {
    name: "trust",
    summary: "show this machine's key, and trust or forget other signers",
    load: async () => (await import("./trust-command.ts")).trustCommand,
  },
  {
    name: "sessions",
    summary: "list the agents' sessions of this folder",
    load: async () => (await import("./sessions-command.ts")).sessionsCommand,
  },
  {
    name: "read",
    summary: "read the last messages of any agent's session",
    load: async () => (await import("./read-command.ts")).readCommand,
  },
  {
    name: "mcp",
    summary: "serve baton's tools to MCP clients over stdio",
    load: async () => (await import("./mcp-command.ts")).mcpCommand,
  },
  {
    name: "install",
    summary: "add baton's hooks and commands to an agent",
    load: async () => (await import("./install-command.ts")).installCommand,
  },
  {
    name: "uninstall",
    summary: "remove baton's hooks and commands from an agent",
    load: async () => (await import("./install-command.ts")).uninstallCommand,
  },
  {
    name: "doctor",
    summary: "check Node, baton, the agents, their integrations and the handoff folder",
    load: async () => (await import("./doctor-command.ts")).doctorCommand,
  },
  {
    name: "hook",
    summary: "run an agent hook (installed by baton install)",
    load: async () => (await import("./hook-command.ts")).hookCommand,
  },
  {
    name: "save",
    summary: "write an agent's session-state JSON (seed 001's save)",
    load: async () => (await import("./save-command.ts")).saveCommand,
  },
  {
    name: "restore",
    summary: "print an agent's saved session state as a prompt",
    load: async () => (await import("./save-command.ts")).restoreCommand,
  },
];

const [READER = "AGENT", OTHER = READER] = agentIdsWith("loadReader");
const [INSTALLABLE = "AGENT"] = agentIdsWith("loadIntegration");
const [, LAUNCHABLE = "AGENT"] = agentIdsWith("launch");
const pad = (name: string, width: number) => " ".repeat(Math.max(1, width - name.length));

const NAME_WIDTH = Math.max(...COMMANDS.map((command) => command.name.length));

export const MAIN_HELP = `baton: pass the baton between AI coding sessions

Examples:
  baton create --goal "Fix token refresh" --next "Add a mutex" --next "Test concurrency"
  baton resume                              # next session: print the continuation prompt, claim it
  baton ack                                 # the new session is under way: archive the handoff
  baton continue --in ${LAUNCHABLE}${pad(LAUNCHABLE, 22)}# or start that agent on it, in this terminal
  baton create --from ${READER} --latest${pad(READER, 11)}# summarize this folder's newest session, no model
  baton sessions                            # the agents' sessions of this folder
  baton read --agent ${OTHER} --latest${pad(OTHER, 15)}# the last messages of one of them
  baton install ${INSTALLABLE}${pad(INSTALLABLE, 28)}# handoffs around compaction, automatically

Usage: baton <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(NAME_WIDTH)} ${command.summary}`).join("\n")}

Options:
  -h, --help      show help (also "baton <command> --help")
  -V, --version   print the version
      --verbose   show the stack of an unexpected error

Environment:
  BATON_DIR            handoff folder (default docs/handoffs at the repository root)
  BATON_SUMMARIZE      extractive or llm: the summary source of captures (see create --help)
  BATON_SUMMARY_MODEL  the model of the llm source, as provider:model
  NO_COLOR             no colour in messages

Exit codes: 0 ok, 1 failure, 2 usage error, 130 cancelled.
`;

/**
 * The whole CLI as a function of its arguments and its process surroundings, so tests
 * run it in-process; main.ts only binds it to the real process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const verbose = flagsOf(argv).includes("--verbose");
  try {
    // `--verbose` may also come before the command: `baton --verbose create`.
    const start = argv.findIndex((arg) => arg !== "--verbose");
    return await dispatch(start === -1 ? [] : argv.slice(start), io);
  } catch (error) {
    return reportError(io, error, verbose);
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    say(io, MAIN_HELP);
    return EXIT_USAGE;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = rest[0];
    if (topic === undefined) {
      writeData(io, MAIN_HELP);
      return EXIT_OK;
    }
    writeData(io, await helpOf(await findCommand(topic).load()));
    return EXIT_OK;
  }
  if (first === "--version" || first === "-V") {
    writeData(io, readPackageInfo().version);
    return EXIT_OK;
  }
  if (first.startsWith("-")) {
    throw new BatonError("usage", `unknown option ${first} (see "baton --help")`);
  }
  const command = await findCommand(first).load();
  if (wantsHelp(rest)) {
    writeData(io, await helpOf(command));
    return EXIT_OK;
  }
  return command.run(rest, io);
}

function helpOf(command: Command): Promise<string> | string {
  return command.loadHelp ? command.loadHelp() : command.help;
}

function findCommand(name: string): CommandEntry {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  throw new BatonError(
    "usage",
    `unknown command "${name}"; the commands are ${COMMANDS.map((c) => c.name).join(", ")} (see "baton --help")`,
  );
}

/** `--help` anywhere before a `--` wins over everything else, even a bad flag. */
function wantsHelp(args: string[]): boolean {
  const flags = flagsOf(args);
  return flags.includes("--help") || flags.includes("-h");
}

/** The arguments before a `--`, where flags are flags. */
function flagsOf(args: readonly string[]): readonly string[] {
  const end = args.indexOf("--");
  return end === -1 ? args : args.slice(0, end);
}

export function exitCodeFor(code: BatonErrorCode): number {
  if (code === "usage") return EXIT_USAGE;
  if (code === "cancelled") return EXIT_CANCELLED;
  return EXIT_FAILURE;
}

function reportError(io: CliIo, error: unknown, verbose: boolean): number {
  if (BatonError.is(error)) {
    sayError(io, oneLine(error.message));
    if (verbose && error.cause instanceof Error && error.cause.stack) say(io, error.cause.stack);
    return exitCodeFor(error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  const where = readPackageInfo().issuesUrl ?? "the agent-baton issue tracker";
  sayError(io, `unexpected error: ${oneLine(message)} — please report it at ${where}`);
  if (verbose && error instanceof Error && error.stack) say(io, error.stack);
  else say(io, "(run again with --verbose for the stack)");
  return EXIT_FAILURE;
}
