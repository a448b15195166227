import { agentIdsWith, loadReaders } from "../adapters/registry.ts";
import { listSessions } from "../agents/find-sessions.ts";
import { clipLine } from "../core/clip-line.ts";
import { sessionIndexFiles } from "../integrations/session-index-files.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import {
  commandHelp,
  DIR_OPTION,
  HELP_OPTION,
  type OptionTable,
  VERBOSE_OPTION,
} from "./command-options.ts";
import { formatAge } from "./format-age.ts";
import { formatTable } from "./format-table.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { readerContext } from "./reader-context.ts";
import { redactValue } from "./redact-output.ts";

const AGENTS = agentIdsWith("loadReader");

const OPTIONS = {
  agent: { type: "string", value: "NAME", description: `only this agent (${AGENTS.join(", ")})` },
  all: { type: "boolean", description: `every folder, this one's sessions first` },
  json: { type: "boolean", description: `print {schemaVersion, sessions: [...], errors: [...]}` },
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
  dir: { ...DIR_OPTION, hidden: true },
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [
    `baton sessions`,
    `baton sessions --agent ${AGENTS[1] ?? AGENTS[0]}`,
    `baton sessions --all --json | jq -r '.sessions[0].id'`,
  ],
  usage: `baton sessions [options]`,
  about: `The agent sessions recorded in this folder (by the folder each agent recorded, not by
its folder names), newest first, across ${AGENTS.join(", ")}: agent, id, started,
last activity, messages, model, branch, first prompt.`,
  options: OPTIONS,
});

export const sessionsCommand: Command = {
  name: "sessions",
  summary: "list the agents' sessions of this folder",
  help: HELP,
  run: runSessions,
};

async function runSessions(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("sessions", args, OPTIONS, 0);
  const agent = values.agent;
  const all = values.all ?? false;
  const { sessions, errors } = await listSessions(readerContext(io), await loadReaders(agent), {
    cwd: all ? undefined : io.cwd,
    index: sessionIndexFiles(io.env),
  });
  // With --all, this folder's sessions still come first: they are the ones people look for.
  const here = (cwd: string | null) => (cwd === io.cwd ? 0 : 1);
  const ordered = all
    ? [...sessions].sort((a, b) => here(a.info.cwd) - here(b.info.cwd))
    : sessions;
  if (values.json) {
    // writeJson masks the whole value, once.
    writeJson(io, { sessions: ordered.map((found) => found.info), errors });
  } else if (ordered.length === 0) {
    say(io, `baton: no ${agent ?? "agent"} sessions recorded in ${all ? "any folder" : io.cwd}`);
  } else {
    const now = io.now();
    // The first prompt is clipped, so it is masked before (a token cut in half no longer
    // looks like one), all rows' in one pass; every other cell is printed whole, and the
    // table as printed passes redaction in writeData.
    const prompts = redactValue(
      io,
      ordered.map((found) => found.info.firstPrompt ?? found.info.title ?? ""),
    );
    const rows = ordered.map(({ info }, i) => [
      info.agent,
      info.id,
      info.startedAt ? formatAge(info.startedAt, now) : "-",
      info.lastActivityAt ? formatAge(info.lastActivityAt, now) : "-",
      info.messageCount === null ? "-" : String(info.messageCount),
      info.model ?? "-",
      info.branch ?? "-",
      ...(all ? [info.cwd ?? "-"] : []),
      firstLine(prompts[i] ?? ""),
    ]);
    const headers = [
      "AGENT",
      "ID",
      "STARTED",
      "ACTIVE",
      "MSGS",
      "MODEL",
      "BRANCH",
      ...(all ? ["FOLDER"] : []),
      "FIRST PROMPT",
    ];
    writeData(io, formatTable(headers, rows));
  }
  for (const error of errors) warn(io, `cannot read ${error.agent} sessions: ${error.message}`);
  return 0;
}

function firstLine(text: string): string {
  return clipLine(text.split("\n")[0] ?? "", 60);
}
