import { agentIdsWith, loadReaders } from "../adapters/registry.ts";
import { findSession } from "../agents/find-sessions.ts";
import { BatonError } from "../core/errors.ts";
import { renderMessages } from "../core/render-messages.ts";
import type { SessionMessage } from "../core/session.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import { commandHelp, DIR_OPTION, HELP_OPTION, type OptionTable } from "./command-options.ts";
import { displayPath } from "./display-path.ts";
import { say, writeData, writeJson } from "./output.ts";
import { parseCommandArgs, parsePositiveInt } from "./parse-command-args.ts";
import { readerContext } from "./reader-context.ts";
import { redactOutput, redactValue } from "./redact-output.ts";

const AGENTS = agentIdsWith("loadReader");

const OPTIONS = {
  agent: { type: "string", value: "NAME", description: `the agent whose sessions to look in` },
  latest: { type: "boolean", description: `the newest session of this folder` },
  last: {
    type: "string",
    value: "N",
    description: `how many user and assistant messages (default 20)`,
  },
  grep: {
    type: "string",
    value: "TEXT",
    description: `only messages whose text or tool activity contains TEXT (any case)`,
  },
  json: { type: "boolean", description: `print {schemaVersion, session, messages, warnings}` },
  verbose: { type: "boolean", description: `also say what the reader skipped and why` },
  help: HELP_OPTION,
  dir: { ...DIR_OPTION, hidden: true },
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [
    `baton read 4646b033                      # a session id or a unique prefix, any agent`,
    `baton read --agent ${AGENTS[0]} --latest  # the newest ${AGENTS[0]} session of this folder`,
    `baton read 4646b033 --last 5 --grep "Exit code"`,
    `baton read ses_e024 --json`,
  ],
  usage: `baton read <session-id> | --agent NAME --latest [options]`,
  about: `The last messages of a session of any agent (${AGENTS.join(", ")}), with their tool
activity one line per call, each message capped. It reads from the end of the
transcript, so its cost does not grow with the session; a session still being written
is readable.`,
  options: OPTIONS,
});

export const readCommand: Command = {
  name: "read",
  summary: "read the last messages of any agent's session",
  help: HELP,
  run: runRead,
};

async function runRead(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("read", args, OPTIONS, 1);
  const last = parsePositiveInt("last", values.last) ?? 20;
  const id = positionals[0];
  if (id === undefined && !values.latest) {
    throw new BatonError(
      "usage",
      'give a session id, or --agent NAME --latest (see "baton read --help")',
    );
  }
  const context = readerContext(io);
  const { reader, info } = await findSession(context, await loadReaders(values.agent), {
    id,
    latest: values.latest,
    cwd: io.cwd,
  });
  let messages: SessionMessage[];
  let warnings: Record<string, number>;
  if (values.grep !== undefined) {
    // A search has to look at the whole session; the tail alone would miss older matches.
    const session = await reader.readSession(info.location, context);
    const needle = values.grep.toLowerCase();
    messages = session.messages.filter((message) => messageMatches(message, needle)).slice(-last);
    warnings = session.warnings;
  } else {
    ({ messages, warnings } = await reader.readTail(info.location, context, { last }));
  }
  if (values.json) {
    writeJson(io, redactValue(io, { session: info, messages, warnings }));
  } else {
    const header = `# ${reader.displayName} session ${info.id}${info.cwd ? ` in ${info.cwd}` : ""} — last ${messages.length} message${messages.length === 1 ? "" : "s"}${values.grep === undefined ? "" : ` matching "${values.grep}"`}`;
    writeData(io, redactOutput(io, renderMessages(messages, { header })));
  }
  const skipped = Object.entries(warnings);
  if (skipped.length > 0 && values.verbose) {
    say(io, `baton: while reading ${displayPath(info.location, io.cwd)}, skipped:`);
    for (const [reason, count] of skipped) say(io, `  ${count} × ${reason}`);
  } else if (skipped.length > 0) {
    const total = skipped.reduce((sum, [, count]) => sum + count, 0);
    say(
      io,
      `baton: skipped ${total} unreadable record${total === 1 ? "" : "s"} (--verbose says which)`,
    );
  }
  return 0;
}

function messageMatches(message: SessionMessage, needle: string): boolean {
  if (message.text.toLowerCase().includes(needle)) return true;
  return message.toolCalls.some(
    (call) =>
      (call.command ?? "").toLowerCase().includes(needle) ||
      (call.output ?? "").toLowerCase().includes(needle) ||
      call.paths.some((path) => path.toLowerCase().includes(needle)),
  );
}
