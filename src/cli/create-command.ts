import { agentIdsWith } from "../adapters/registry.ts";
import { BatonError } from "../core/errors.ts";
import { Trigger } from "../core/handoff.ts";
import { renderDocument } from "../core/render-document.ts";
import { likelyHandoffId } from "../store/handoff-file-name.ts";
import { captureHandoff, draftHandoff } from "../summarize/capture-handoff.ts";
import { SIZE_PRESET_NAMES } from "../summarize/extractive/size-presets.ts";
import { preloadCapture } from "../summarize/preload-capture.ts";
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
import { say, warn, writeData, writeJson } from "./output.ts";
import { parseChoice, parseCommandArgs } from "./parse-command-args.ts";
import { readFromSession } from "./read-from-session.ts";
import { sessionFromEnv } from "./resolve-session.ts";
import { reviewDraft } from "./review-draft.ts";
import {
  reportModelSummary,
  SUMMARIZE_OPTION,
  SUMMARY_MODEL_DESCRIPTION,
  summaryFromOptions,
} from "./summary-options.ts";

const READABLE = agentIdsWith("loadReader");

const OPTIONS = {
  ...GIVEN_OPTIONS,
  from: {
    type: "string",
    value: "AGENT",
    description: `summarize a session of this agent (${READABLE.join(", ")}): goal, state, decisions, failed approaches, todos, validation, next steps and open questions are extracted from its transcript; given sections win`,
  },
  session: {
    type: "string",
    value: "ID",
    description: `that session (an id or a unique prefix; with or without --from)`,
  },
  latest: { type: "boolean", description: `the newest session of this folder (with --from)` },
  summarize: SUMMARIZE_OPTION,
  model: { type: "string", value: "PROVIDER:MODEL", description: SUMMARY_MODEL_DESCRIPTION },
  size: {
    type: "string",
    value: "SIZE",
    description: `minimal, standard (default) or full: how much of the session the handoff keeps`,
  },
  review: {
    type: "boolean",
    description: `open the draft in $VISUAL or $EDITOR first; what you save is what is written (quit the editor with an error, or empty the draft, and nothing is written)`,
  },
  trigger: {
    type: "string",
    value: "KIND",
    description: `manual (default), compact, tool or command`,
  },
  topic: {
    type: "string",
    value: "TOPIC",
    description: `file the handoff under this topic (default: the branch, unless main/master/detached, else the goal)`,
  },
  parent: {
    type: "string",
    value: "ID",
    description: `the handoff this one continues; it is marked superseded`,
  },
  "dry-run": {
    type: "boolean",
    description: `print the document it would write (redacted) on stdout, and write nothing: a preview to review before the real run`,
  },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  json: {
    type: "boolean",
    description: `print {schemaVersion, id, path, redactions, redactionKinds, tokens}`,
  },
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [
    `baton create --goal "Fix token refresh" --next "Add a mutex" --next "Test concurrent requests"`,
    `baton create --from-file summary.md`,
    `echo '{"goal": "Ship v2", "next_steps": ["Tag the release"]}' | baton create --stdin --json`,
    `baton create --trigger compact --topic auth-refresh`,
    `baton create --from ${READABLE[0]} --latest        # summarize this folder's newest session`,
    `baton create --from ${READABLE[1] ?? READABLE[0]} --session 019a7c --goal "Ship the slugify fix"`,
    `baton create --from ${READABLE[0]} --latest --review   # read and edit it before it is written`,
    `baton create --from ${READABLE[0]} --latest --summarize llm --model anthropic:claude-haiku-4-5`,
  ],
  usage: `baton create [options]`,
  about: `Captures git (branch, HEAD, changed files) and plan files, takes the semantic sections
from the options, a file or stdin, redacts secrets and writes a new handoff. Sections
nobody gave hold the enrich marker for a later pass. Prints the new file's path.`,
  options: OPTIONS,
  footer: `Options given on the command line win over the same sections in a file or stdin. An
open handoff on the same branch and topic is superseded by the new one.`,
});

export const createCommand: Command = {
  name: "create",
  summary: "capture git and the given summary into a new handoff",
  help: HELP,
  run: runCreate,
};

async function runCreate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("create", args, OPTIONS, 0);
  const trigger = parseChoice("trigger", values.trigger, Trigger.options) ?? "manual";
  if (values["dry-run"] && (values.review || values.json)) {
    throw new BatonError(
      "usage",
      "--dry-run prints the document; give it without --review or --json",
    );
  }
  if (values["from-file"] !== undefined && values.stdin) {
    throw new BatonError("usage", "give either --from-file or --stdin, not both");
  }
  const size = parseChoice("size", values.size, SIZE_PRESET_NAMES) ?? "standard";
  // Input first: a bad or oversized summary fails before anything is captured or written.
  // A hand-written handoff (seed 004's template) names its topic; --topic wins.
  const { sections: given, topic: givenTopic } = await readGiven(io, values);
  if (values.from === undefined && values.session === undefined && values.latest) {
    throw new BatonError("usage", "--latest needs --from AGENT");
  }
  if (values.from !== undefined && values.session === undefined && !values.latest) {
    throw new BatonError("usage", `--from ${values.from} needs --session ID or --latest`);
  }
  const summary = summaryFromOptions(
    io,
    values,
    values.from !== undefined || values.session !== undefined,
  );
  // The session is read (by a worker when it is large) while git runs and what the capture
  // needs next loads.
  const reading = readFromSession(io, values);
  const opening = openProject(io, values);
  preloadCapture();
  const [session, project] = await Promise.all([reading, opening]);
  if (!project.git.inRepo) {
    say(
      io,
      `baton: ${project.git.reason ?? "not a git repository"}; creating the handoff without git facts`,
    );
  }
  const running = sessionFromEnv(io.env);
  const request = {
    cwd: io.cwd,
    env: io.env,
    now: io.now(),
    project,
    session,
    source: { agent: running?.agent ?? null, sessionId: running?.session ?? null },
    given,
    trigger,
    topic: values.topic ?? givenTopic,
    size,
    parent: values.parent,
    supersedeSameLine: true,
    sessionMayBeElsewhere: values.session !== undefined,
    thorough: true,
    summary,
  };
  if (values["dry-run"]) {
    const { draft } = await draftHandoff(request);
    const id = likelyHandoffId(draft, io.now());
    writeData(io, renderDocument({ ...draft, id }));
    say(io, `baton: dry run; nothing was written (it would be about ${id})`);
    return 0;
  }
  const captured = await captureHandoff(
    request,
    values.review ? (draft, likelyId) => reviewDraft(io, draft, likelyId) : undefined,
  );
  const { handoff, path } = captured;
  reportModelSummary(io, captured);
  if (
    !values.review &&
    session === null &&
    Object.keys(given).length === 0 &&
    trigger === "manual"
  ) {
    say(
      io,
      "baton: no summary given (--goal, --next, --from-file, --stdin); its sections are marked for enrichment",
    );
  }
  if (captured.redactions > 0) {
    const plural = captured.redactions === 1 ? "" : "s";
    say(
      io,
      `baton: redacted ${captured.redactions} secret${plural} before writing (${byKind(captured.kinds)})`,
    );
  }
  for (const { id, by } of captured.superseded) say(io, `baton: ${id} is superseded by ${by}`);
  if (captured.supersedeError !== null && handoff.parent !== null) {
    // The new handoff is written; failing to mark the old one must not hide that.
    warn(io, `could not mark ${handoff.parent} superseded: ${captured.supersedeError}`);
  }
  if (values.json) {
    writeJson(io, {
      id: handoff.id,
      path,
      redactions: handoff.redactions,
      redactionKinds: handoff.redactionKinds ?? {},
      tokens: handoff.tokens,
    });
  } else {
    writeData(io, displayPath(path, io.cwd));
  }
  return 0;
}

/** `2 github-token, 1 jwt`. */
function byKind(kinds: Partial<Record<string, number>>): string {
  return Object.entries(kinds)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
}
