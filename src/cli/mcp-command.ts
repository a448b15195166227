import { format } from "node:util";
import { agentIdsWith, loadReaders } from "../adapters/registry.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import {
  commandHelp,
  DIR_OPTION,
  HELP_OPTION,
  type OptionTable,
  VERBOSE_OPTION,
} from "./command-options.ts";
import { readPackageInfo } from "./package-info.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { sessionFromEnv } from "./resolve-session.ts";

const AGENTS = agentIdsWith("loadReader");

const OPTIONS = {
  dir: DIR_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [
    `baton mcp                            # what an MCP client runs; it speaks JSON-RPC on stdio`,
    `codex mcp add baton -- baton mcp     # register it in Codex`,
    `claude mcp add baton -- baton mcp    # in Claude Code`,
    `{"mcpServers": {"baton": {"command": "baton", "args": ["mcp"]}}}   # a client's JSON config`,
  ],
  usage: `baton mcp [options]`,
  about: `A Model Context Protocol server on stdin and stdout, for any agent that speaks MCP. It
serves the folder it is started in. Tools:

  list_sessions    this folder's sessions of every agent, or of one
  read_session     the last N messages of a session by id or prefix, optionally grepped
  session_handoff  write a handoff from the model's summary (and optionally an agent
                   session); returns the continuation prompt and the document's path
  request_handoff  ask for a handoff without doing it: a handoff-requested result with
                   the model's reason, for the person to confirm (changes nothing)
  show_handoff     the newest open handoff's continuation prompt, without claiming it
  list_handoffs    this repository's handoffs, newest first, as baton list --json
  resume_handoff   the newest open handoff of this branch (or one by id), claimed, as
                   baton resume

The agents: ${AGENTS.join(", ")}. Everything a tool returns passes redaction. Only protocol goes to stdout; messages go to
stderr. It stops when the client closes stdin.`,
  options: OPTIONS,
});

export const mcpCommand: Command = {
  name: "mcp",
  summary: "serve baton's tools to MCP clients over stdio",
  help: HELP,
  run: runMcp,
};

async function runMcp(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("mcp", args, OPTIONS, 0);
  // stdout carries the protocol alone: a stray console.log anywhere would corrupt it.
  const toStderr = (...parts: unknown[]) => io.stderr.write(`${format(...parts)}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  // The SDK loads here only: no other command pays for it.
  const { serveMcp } = await import("../integrations/mcp/mcp-server.ts");
  await serveMcp(
    {
      cwd: io.cwd,
      env: io.env,
      now: io.now,
      dir: values.dir,
      loadReaders,
      agents: AGENTS,
      running: sessionFromEnv(io.env),
      version: readPackageInfo().version,
    },
    { stdin: io.stdin, stdout: io.stdout, log: (line) => io.stderr.write(`${line}\n`) },
  );
  return 0;
}
