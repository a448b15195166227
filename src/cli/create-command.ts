import { findSession } from "../agents/find-sessions.ts";
import { AGENT_READERS } from "../agents/registry.ts";
import { BatonError } from "../core/errors.ts";
import { emptySource, type Handoff, type Sections, type Source, Trigger } from "../core/handoff.ts";
import { findPlanFiles } from "../git/find-plan-files.ts";
import { toModifiedFiles } from "../git/to-modified-files.ts";
import { redactHandoff } from "../safety/redact-handoff.ts";
import { likelyHandoffId } from "../store/handoff-file-name.ts";
import type { HandoffStore } from "../store/open-store.ts";
import { slugifyTopic } from "../store/slugify-topic.ts";
import { buildHandoff, chooseTopic } from "../summarize/build-handoff.ts";
import { SIZE_PRESET_NAMES, SIZE_PRESETS } from "../summarize/extractive/size-presets.ts";
import { givenFromOptions, givenFromText } from "../summarize/given.ts";
import {
  type SectionsFromSessionInput,
  sectionsFromSession,
} from "../summarize/sections-from-session.ts";
import { sourceFromSession } from "../summarize/source-from-session.ts";
import { withTokens } from "../summarize/with-tokens.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import { displayPath } from "./display-path.ts";
import { openProject } from "./open-project.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { COMMON_OPTIONS, parseChoice, parseCommandArgs } from "./parse-command-args.ts";
import { readFileText, readStdinText } from "./read-input.ts";
import { readerContext } from "./reader-context.ts";
import { sessionFromEnv } from "./resolve-session.ts";
import { reviewDraft } from "./review-draft.ts";

const HELP = `Examples:
  baton create --goal "Fix token refresh" --next "Add a mutex" --next "Test concurrent requests"
  baton create --from-file summary.md
  echo '{"goal": "Ship v2", "next_steps": ["Tag the release"]}' | baton create --stdin --json
  baton create --trigger compact --topic auth-refresh
  baton create --from claude-code --latest        # summarize this folder's newest session
  baton create --from codex --session 019a7c --goal "Ship the slugify fix"
  baton create --from claude-code --latest --review   # read and edit it before it is written

Usage: baton create [options]

Captures git (branch, HEAD, changed files) and plan files, takes the semantic sections
from the options, a file or stdin, redacts secrets and writes a new handoff. Sections
nobody gave hold the enrich marker for a later pass. Prints the new file's path.

Options:
      --goal TEXT        the goal
      --next TEXT        a next step (repeatable, in order)
      --decision TEXT    a key decision (repeatable)
      --from-file FILE   sections from a file: markdown with the section headings
                         ("## Goal", "## Next Steps", ...) or JSON (at most 1 MB)
      --stdin            the same, read from stdin (at most 1 MB)
      --from AGENT       summarize a session of this agent (claude-code, codex,
                         opencode): goal, state, decisions, failed approaches,
                         todos, validation, next steps and open questions are
                         extracted from its transcript; given sections win
      --session ID       that session (an id or a unique prefix; with or
                         without --from)
      --latest           the newest session of this folder (with --from)
      --size SIZE        minimal, standard (default) or full: how much of the
                         session the handoff keeps
      --review           open the draft in $VISUAL or $EDITOR first; what you save
                         is what is written (quit the editor with an error, or
                         empty the draft, and nothing is written)
      --trigger KIND     manual (default), compact, tool or command
      --topic TOPIC      file the handoff under this topic (default: the branch,
                         unless main/master/detached, else the goal)
      --parent ID        the handoff this one continues; it is marked superseded
      --dir DIR          handoff folder (default $BATON_DIR, else docs/handoffs;
                         relative to the repository root)
      --json             print {schemaVersion, id, path, redactions, tokens}
  -h, --help             show this help

Options given on the command line win over the same sections in a file or stdin. An
open handoff on the same branch and topic is superseded by the new one.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  goal: { type: "string" },
  next: { type: "string", multiple: true },
  decision: { type: "string", multiple: true },
  "from-file": { type: "string" },
  stdin: { type: "boolean" },
  trigger: { type: "string" },
  topic: { type: "string" },
  parent: { type: "string" },
  from: { type: "string" },
  session: { type: "string" },
  latest: { type: "boolean" },
  size: { type: "string" },
  review: { type: "boolean" },
  json: { type: "boolean" },
} as const;

export const createCommand: Command = {
  name: "create",
  summary: "capture git and the given summary into a new handoff",
  help: HELP,
  run: runCreate,
};

async function runCreate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("create", args, OPTIONS, 0);
  const trigger = parseChoice("trigger", values.trigger, Trigger.options) ?? "manual";
  if (values["from-file"] !== undefined && values.stdin) {
    throw new BatonError("usage", "give either --from-file or --stdin, not both");
  }
  // Input first: a bad or oversized summary fails before anything is captured or written.
  const given = await readGiven(io, values);

  const { git, root, store } = await openProject(io, values);
  if (!git.inRepo) {
    say(
      io,
      `baton: ${git.reason ?? "not a git repository"}; creating the handoff without git facts`,
    );
  }
  const [planFiles, parent] = await Promise.all([
    findPlanFiles(root, { now: io.now() }),
    findParent(store, values.parent),
  ]);
  const size = parseChoice("size", values.size, SIZE_PRESET_NAMES) ?? "standard";
  const fromSession = await readFromSession(io, values, { git, given, size, parent, planFiles });
  const session = sessionFromEnv(io.env);
  const sections = fromSession?.sections ?? given;
  const draft = buildHandoff({
    git,
    // The extracted section already holds git's files, capped to the size preset.
    modifiedFiles: git.inRepo && fromSession === null ? toModifiedFiles(git) : null,
    planFiles: fromSession === null ? planFiles : [],
    given: sections,
    trigger,
    // Slugged only after redaction: a slug of a secret no longer looks like one.
    topic: chooseTopic({
      topic: values.topic,
      branch: git.branch,
      goal: sections.goal?.text ?? null,
    }),
    parent: parent?.id ?? null,
    created: io.now().toISOString(),
    source: fromSession?.source ?? {
      ...emptySource(),
      agent: session?.agent ?? null,
      sessionId: session?.session ?? null,
    },
  });
  const redacted = await redactHandoff(draft, { env: { ...io.env } });
  const safe = { ...redacted.handoff, topic: slugifyTopic(redacted.handoff.topic) };

  let final = safe;
  let redactions = redacted.count;
  const kinds = new Set(Object.keys(redacted.kinds));
  if (values.review) {
    const reviewed = reviewDraft(io, safe, likelyHandoffId(safe, io.now()));
    // What the person typed passes redaction too.
    const again = await redactHandoff(reviewed, { env: { ...io.env } });
    redactions += again.count;
    for (const kind of Object.keys(again.kinds)) kinds.add(kind);
    final = { ...again.handoff, topic: slugifyTopic(again.handoff.topic) };
  }
  // The store keeps one open handoff per branch and topic, and supersedes a live --parent.
  const { handoff, path, superseded } = await store.create(
    withTokens(final, likelyHandoffId(final, io.now()), SIZE_PRESETS[size].promptBudget),
    { supersede: true },
  );
  if (
    !values.review &&
    fromSession === null &&
    Object.keys(given).length === 0 &&
    trigger === "manual"
  ) {
    say(
      io,
      "baton: no summary given (--goal, --next, --from-file, --stdin); its sections are marked for enrichment",
    );
  }
  if (redactions > 0) {
    const plural = redactions === 1 ? "" : "s";
    say(
      io,
      `baton: redacted ${redactions} secret${plural} before writing (${[...kinds].join(", ")})`,
    );
  }
  for (const { id, by } of superseded) say(io, `baton: ${id} is superseded by ${by}`);
  if (values.json) {
    writeJson(io, { id: handoff.id, path, redactions: handoff.redactions, tokens: handoff.tokens });
  } else {
    writeData(io, displayPath(path, io.cwd));
  }
  return 0;
}

/**
 * With --from or --session: the session found (an exact id wherever it was recorded, or
 * this folder's newest), read by its agent's reader and summarized; null otherwise.
 */
async function readFromSession(
  io: CliIo,
  values: { from?: string; session?: string; latest?: boolean },
  input: Omit<SectionsFromSessionInput, "session">,
): Promise<{ sections: Sections; source: Source } | null> {
  if (values.from === undefined && values.session === undefined) {
    if (values.latest) throw new BatonError("usage", "--latest needs --from AGENT");
    return null;
  }
  if (values.session === undefined && !values.latest) {
    throw new BatonError("usage", `--from ${values.from} needs --session ID or --latest`);
  }
  const agent = parseChoice(
    "from",
    values.from,
    AGENT_READERS.map((reader) => reader.agent),
  );
  const context = readerContext(io);
  const found = await findSession(context, {
    id: values.session,
    agent,
    latest: values.latest,
    cwd: io.cwd,
  });
  const session = await found.reader.readSession(found.info.location, context);
  const skipped = Object.values(session.warnings).reduce((sum, count) => sum + count, 0);
  if (skipped > 0)
    warn(
      io,
      `skipped ${skipped} unreadable record${skipped === 1 ? "" : "s"} of the session (baton read ${session.id} --verbose says which)`,
    );
  say(io, `baton: summarizing ${found.reader.displayName} session ${session.id}`);
  return {
    sections: sectionsFromSession({ ...input, session }),
    source: sourceFromSession(session, context.homedir),
  };
}

async function readGiven(
  io: CliIo,
  values: {
    goal?: string;
    next?: string[];
    decision?: string[];
    "from-file"?: string;
    stdin?: boolean;
  },
): Promise<Partial<Sections>> {
  let fromText: Partial<Sections> = {};
  const file = values["from-file"];
  if (file !== undefined || values.stdin) {
    if (file === undefined && io.stdin.isTTY) {
      say(io, "baton: reading the sections from the terminal; end with Ctrl-D");
    }
    const text =
      file !== undefined ? await readFileText(file, io.cwd) : await readStdinText(io.stdin);
    fromText = givenFromText(text, file ?? "stdin").sections;
  }
  return {
    ...fromText,
    ...givenFromOptions({ goal: values.goal, nextSteps: values.next, decisions: values.decision }),
  };
}

async function findParent(store: HandoffStore, id: string | undefined): Promise<Handoff | null> {
  if (id === undefined) return null;
  return (await store.get(id)).handoff;
}
