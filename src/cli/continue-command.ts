import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { adaptersWith, agentIdOf, agentIdsWith, findAdapter } from "../adapters/registry.ts";
import { type LaunchPlan, planLaunch } from "../agents/plan-launch.ts";
import { BatonError } from "../core/errors.ts";
import type { Handoff } from "../core/handoff.ts";
import { renderDocument } from "../core/render-document.ts";
import { renderPrompt } from "../core/render-prompt.ts";
import { shellQuote } from "../integrations/claude-code/hook-command-line.ts";
import { likelyHandoffId } from "../store/handoff-file-name.ts";
import type { StoreEntry } from "../store/open-store.ts";
import { replaceFile } from "../store/write-file-atomic.ts";
import { captureHandoff, draftHandoff } from "../summarize/capture-handoff.ts";
import { modelName } from "../summarize/llm/summary-settings.ts";
import type { Project } from "../summarize/open-project.ts";
import { type CliIo, canPrompt } from "./cli-io.ts";
import type { Command } from "./command.ts";
import {
  ALLOW_OUTSIDE_OPTION,
  commandHelp,
  DIR_OPTION,
  HELP_OPTION,
  type OptionTable,
  VERBOSE_OPTION,
} from "./command-options.ts";
import { confirmStart } from "./confirm-start.ts";
import { displayPath } from "./display-path.ts";
import { openProject } from "./open-project.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { parseChoice, parseCommandArgs, parsePositiveInt } from "./parse-command-args.ts";
import { describe, goodEntries, toStoreEntry, warnBroken } from "./pick-handoff.ts";
import { readFromSession } from "./read-from-session.ts";
import { redactOutput } from "./redact-output.ts";
import { sessionFromEnv } from "./resolve-session.ts";
import { runLaunch } from "./run-launch.ts";
import {
  reportModelSummary,
  SUMMARIZE_OPTION,
  SUMMARY_MODEL_DESCRIPTION,
  summaryFromOptions,
} from "./summary-options.ts";

const LAUNCHABLE = agentIdsWith("launch");
const ADAPTERS = adaptersWith("launch");
/** `Claude Code's --permission-mode, Codex's --ask-for-approval, …`, from the specs. */
const APPROVAL_FLAGS = ADAPTERS.flatMap((a) =>
  a.launch.flags.approval ? [`${a.displayName}'s ${a.launch.flags.approval.flag}`] : [],
).join(", ");
const HEADLESS = ADAPTERS.flatMap((a) =>
  a.launch.headless
    ? [
        [a.launch.binary, ...a.launch.headless.args, a.launch.headless.prompt.flag ?? ""]
          .join(" ")
          .trim(),
      ]
    : [],
).join(", ");
const NAMED = ADAPTERS.filter((a) => a.launch.sessionIdFlag !== null)
  .map((a) => a.displayName)
  .join(", ");
const example = (command: string, comment?: string) =>
  comment === undefined ? command : `${command.padEnd(44)}# ${comment}`;
const READABLE = agentIdsWith("loadReader");
const VIAS = ["argument", "stdin", "file"] as const;

const OPTIONS = {
  in: {
    type: "string",
    value: "AGENT",
    description: `the agent to start (${LAUNCHABLE.join(", ")}); default: a new session of the handoff's own agent, with its model and mode`,
  },
  from: {
    type: "string",
    value: "AGENT",
    description: `with no open handoff on this branch: capture this agent's newest session of this folder first (${READABLE.join(", ")}; default: any agent's)`,
  },
  session: {
    type: "string",
    value: "ID",
    description: `capture this session into a new handoff first, even when one is open`,
  },
  latest: {
    type: "boolean",
    description: `capture this folder's newest session into a new handoff first`,
  },
  model: { type: "string", value: "MODEL", description: `the model the agent runs` },
  summarize: SUMMARIZE_OPTION,
  "summary-model": {
    type: "string",
    value: "PROVIDER:MODEL",
    description: SUMMARY_MODEL_DESCRIPTION,
  },
  approval: {
    type: "string",
    value: "MODE",
    description: `the agent's own approval or permission mode (${APPROVAL_FLAGS})`,
  },
  yolo: { type: "boolean", description: `let the agent run every tool without asking` },
  resume: {
    type: "boolean",
    description: `resume the handoff's own session natively instead (same agent; for a rate-limit pause, when the context is not the problem)`,
  },
  headless: {
    type: "boolean",
    description: `run the agent non-interactively (${HEADLESS}), for scripts, CI and tests`,
  },
  "prompt-via": {
    type: "string",
    value: "HOW",
    description: `argument, stdin or file: force the transport (default: an argument when it fits, else stdin where the agent reads it, else a file named by a short argument)`,
  },
  budget: { type: "string", value: "N", description: `token budget of the prompt (default 400)` },
  full: {
    type: "boolean",
    description: `send the whole handoff document instead of the compact prompt (any size: it goes by stdin or a file when too long for an argument)`,
  },
  force: {
    type: "boolean",
    description: `take the handoff over from a session that claimed it and is gone`,
  },
  yes: {
    type: "boolean",
    description: `start without showing the draft and asking first (only a terminal asks; a pipe or script goes on as with --yes)`,
  },
  "dry-run": {
    type: "boolean",
    description: `print the command, the environment changes and where the prompt goes; start, claim and write nothing`,
  },
  json: {
    type: "boolean",
    description: `with --dry-run: print the plan as {schemaVersion, handoff, command, args, cwd, env, via, promptFile, promptBytes, claimSession, warnings}`,
  },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const [FIRST = "AGENT", SECOND = FIRST] = LAUNCHABLE.filter((id) => id !== LAUNCHABLE[0]);

const HELP = commandHelp({
  examples: [
    example(`baton continue --in ${FIRST}`, `this agent hit its limit: go on in ${FIRST}`),
    example(`baton continue`, `a fresh session of the same agent, same model`),
    example(`baton continue --resume`, `resume the old session itself (rate limit)`),
    example(`baton continue --in ${SECOND} --dry-run`, `show the command, run nothing`),
    example(`baton continue --in ${FIRST} --from ${LAUNCHABLE[0]} --latest`),
    example(`baton continue --in ${FIRST} -- --search`, `after --: the agent's own flags`),
  ],
  usage: `baton continue [options] [-- AGENT_ARGS...]`,
  about: `Starts the next agent in this terminal on the continuation prompt of this branch's open
handoff; with none, it first captures the newest session of this folder (or the one
named) into a new handoff. The agent's exit code is baton's.

On a terminal it first shows the prompt the agent will start with and asks "Start <agent>
with this handoff? [Y/n]"; no (n, Escape or Ctrl-C) writes, claims and starts nothing
(exit 130). --yes skips the question; with stdin or stdout not a terminal (scripts, CI)
nothing is asked and it goes on.

The prompt goes as an argument when it fits the agent and the platform (64 KiB here;
never more than Linux's 128 KiB per argument; on Windows, one line under 8,191
characters), else on stdin where the agent reads it, else into
<handoff folder>/.prompts/<id>.md with a one-line argument telling the agent to read it.

The handoff is claimed for the new session: under its own id where the agent lets baton
choose it (${NAMED}), else under a launch id, exported to the agent as
$BATON_SESSION_ID, so "baton ack" run in it acknowledges its own claim. baton's hooks
acknowledge it where installed; otherwise run "baton ack" once under way. A model, mode
or flag the agent cannot take is a warning; arguments after "--" go to the agent as given.`,
  options: OPTIONS,
});

export const continueCommand: Command = {
  name: "continue",
  summary: "start the next agent on this branch's handoff, in this terminal",
  help: HELP,
  run: runContinue,
};

async function runContinue(args: string[], io: CliIo): Promise<number> {
  const cut = args.indexOf("--");
  const own = cut === -1 ? args : args.slice(0, cut);
  const passThrough = cut === -1 ? [] : args.slice(cut + 1);
  const { values } = parseCommandArgs("continue", own, OPTIONS, 0);
  if (values.yolo && values.approval !== undefined) {
    throw new BatonError("usage", "give either --yolo or --approval MODE, not both");
  }
  if (values.session !== undefined && values.latest) {
    throw new BatonError("usage", "give either --session ID or --latest, not both");
  }
  if (values.resume && (values.session !== undefined || values.latest)) {
    throw new BatonError("usage", "--resume resumes the handoff's own session; it captures none");
  }
  if (values.json && !values["dry-run"]) {
    throw new BatonError(
      "usage",
      "--json describes a --dry-run (the agent owns the terminal otherwise)",
    );
  }
  if (values.full && values.budget !== undefined) {
    throw new BatonError(
      "usage",
      "--budget sizes the compact prompt; --full sends the whole document",
    );
  }
  const via = parseChoice("prompt-via", values["prompt-via"], VIAS);
  const budget = parsePositiveInt("budget", values.budget);
  const dryRun = values["dry-run"] === true;
  const project = await openProject(io, values);

  const yes = values.yes === true;
  const targetOf = (handoff: Handoff) => {
    const source = handoff.source.agent === null ? null : agentIdOf(handoff.source.agent);
    const name = values.in ?? source ?? sessionFromEnv(io.env)?.agent ?? undefined;
    if (name === undefined) {
      throw new BatonError(
        "usage",
        `handoff ${handoff.id} names no agent to continue in; choose one with --in AGENT (${LAUNCHABLE.join(", ")})`,
      );
    }
    return { source, target: findAdapter(name, "launch", "baton can start") };
  };
  const promptOf = (handoff: Handoff, path: string) => {
    if (values.resume) return null;
    const documentPath = relative(project.root, path);
    return redactOutput(
      io,
      values.full
        ? `Continue the work of this baton handoff (${documentPath}), whole:\n\n${renderDocument(handoff)}`
        : renderPrompt(handoff, { budget, documentPath }).text,
    );
  };
  // A handoff captured first is reviewed before it is written: a cancel leaves no file.
  let reviewed = false;
  const review = async (handoff: Handoff, path: string) => {
    if (yes || !canPrompt(io)) return;
    const { target } = targetOf(handoff);
    await confirmStart(
      io,
      { agent: target.displayName, handoff: handoff.id, prompt: promptOf(handoff, path) },
      yes,
    );
    reviewed = true;
  };

  const entry = await takeHandoff(io, project, values, dryRun ? null : review);
  const { handoff } = entry;
  const { source, target } = targetOf(handoff);
  const spec = target.launch;
  const same = source === target.id;
  if (values.resume && !same) {
    throw new BatonError(
      "usage",
      `--resume resumes the handoff's own ${source ?? "unknown"} session; drop --in ${target.id}, or drop --resume to start ${target.displayName} on the prompt`,
    );
  }
  const resumeSession = values.resume ? handoff.source.sessionId : null;
  if (values.resume && resumeSession === null) {
    throw new BatonError("usage", `handoff ${handoff.id} names no session to resume`);
  }
  const named = spec.sessionIdFlag !== null && resumeSession === null;
  const claimSession =
    resumeSession ?? (named ? randomUUID() : `launch-${io.pid}-${io.now().getTime()}`);

  const prompt = promptOf(handoff, entry.path);
  const promptFile = join(project.store.dir, ".prompts", `${handoff.id}.md`);
  const plan = planLaunch(spec, target.displayName, {
    prompt,
    promptFile: relative(io.cwd, promptFile) || promptFile,
    headless: values.headless === true,
    resumeSession,
    sessionId: named ? claimSession : null,
    // A new session of the same agent keeps the old one's model and mode.
    model: values.model ?? (same ? handoff.source.model : null),
    provider: values.model === undefined && same ? handoff.source.provider : null,
    approval: values.approval ?? (same && !values.yolo ? sameMode(handoff, spec) : null),
    yolo: values.yolo === true,
    cwd: io.cwd,
    extraArgs: passThrough,
    platform: process.platform,
    via,
  });
  for (const line of plan.warnings) warn(io, line);
  const env = { BATON_SESSION_ID: claimSession };

  if (dryRun) {
    printPlan(io, { plan, handoff, entry, env, prompt, json: values.json === true });
    return 0;
  }

  if (!reviewed) {
    await confirmStart(io, { agent: target.displayName, handoff: handoff.id, prompt }, yes);
  }
  const claimed = await project.store.claim(handoff.id, {
    session: claimSession,
    agent: target.id,
    force: values.force === true,
  });
  const before = handoff.claim;
  if (before !== null && before.session !== claimSession) {
    say(io, `baton: took over ${handoff.id} from session ${before.session}`);
  }
  const written = plan.promptFile === null ? null : resolve(io.cwd, plan.promptFile);
  if (written !== null && prompt !== null) {
    await mkdir(dirname(written), { recursive: true });
    await replaceFile(written, prompt);
  }
  say(
    io,
    `baton: starting ${target.displayName} on ${handoff.id} (${describeVia(plan, io)}); claimed for session ${claimSession} until ${claimed.handoff.claim?.leaseUntil ?? "?"}; run "baton ack" in it once under way unless baton's hooks do`,
  );
  try {
    return await runLaunch(plan, { cwd: io.cwd, env: { ...io.env, ...env } });
  } catch (error) {
    // Nothing started: the claim would only block the next try for its lease.
    await project.store.release(handoff.id).catch(() => undefined);
    throw error;
  } finally {
    // The agent read it at its start; a later run writes it afresh.
    if (written !== null) await rm(written, { force: true });
  }
}

interface ContinueValues {
  summarize?: string | undefined;
  "summary-model"?: string | undefined;
  from?: string | undefined;
  session?: string | undefined;
  latest?: boolean | undefined;
  force?: boolean | undefined;
}

/**
 * The open handoff of this branch; with none (or with --session/--latest), a new one
 * captured from a session through the one pipeline. A dry run drafts it without writing.
 */
async function takeHandoff(
  io: CliIo,
  project: Project,
  values: ContinueValues,
  review: ((handoff: Handoff, path: string) => Promise<void>) | null,
): Promise<StoreEntry> {
  const dryRun = review === null;
  const { store, git } = project;
  const explicit = values.session !== undefined || values.latest === true;
  if (!explicit) {
    const entries = await store.list();
    warnBroken(io, entries);
    const mine = goodEntries(entries).filter((e) => e.handoff.branch === git.branch);
    const open = mine.filter((e) => e.handoff.status === "open");
    const [newest] = open;
    if (newest !== undefined) {
      if (open.length > 1) {
        say(
          io,
          `baton: ${open.length} open handoffs on ${git.branch ?? "this branch"}; taking the newest, ${describe(newest.handoff, io.now())}`,
        );
      }
      return toStoreEntry(newest);
    }
    const held = mine.find((e) => e.handoff.status === "claimed");
    if (held !== undefined && !values.force) {
      const claim = held.handoff.claim;
      throw new BatonError(
        "conflict",
        `handoff ${held.id} is claimed by session ${claim?.session ?? "unknown"} until ${claim?.leaseUntil ?? "unknown"}; run "baton release ${held.id}" to free it, or "baton continue --force" to take it over`,
      );
    }
    if (held !== undefined) return toStoreEntry(held);
  }
  const summary = summaryFromOptions(
    io,
    { summarize: values.summarize, model: values["summary-model"] },
    true,
    "--summary-model",
  );
  const session = await readFromSession(io, {
    from: values.from,
    session: values.session,
    latest: values.session === undefined,
  }).catch((error: unknown) => {
    if (explicit || !BatonError.is(error) || error.code !== "not-found") throw error;
    throw new BatonError(
      "not-found",
      `no open handoff on ${git.branch ?? "this branch"}, and ${error.message}; write one with "baton create", or name a session with --session`,
    );
  });
  const request = {
    cwd: io.cwd,
    env: io.env,
    now: io.now(),
    project,
    session,
    trigger: "command" as const,
    supersedeSameLine: true,
    sessionMayBeElsewhere: values.session !== undefined,
    thorough: true,
  };
  if (dryRun) {
    // A dry run sends nothing: the draft is the extractive one.
    const { draft } = await draftHandoff(request);
    if (summary !== undefined) {
      say(io, `baton: would ask ${modelName(summary.model)} for the summary`);
    }
    const id = likelyHandoffId(draft, io.now());
    say(io, `baton: would write a new handoff (about ${id}) from that session first`);
    return { id, path: join(store.dir, `${id}.md`), archived: false, handoff: { ...draft, id } };
  }
  const captured = await captureHandoff({ ...request, summary }, async (draft, likelyId) => {
    await review({ ...draft, id: likelyId }, join(store.dir, `${likelyId}.md`));
    return draft;
  });
  reportModelSummary(io, captured);
  say(io, `baton: wrote ${displayPath(captured.path, io.cwd)}`);
  for (const { id, by } of captured.superseded) say(io, `baton: ${id} is superseded by ${by}`);
  return {
    id: captured.handoff.id,
    path: captured.path,
    archived: false,
    handoff: captured.handoff,
  };
}

/** The old session's mode, when it is one of the agent's approval modes. */
function sameMode(
  handoff: Handoff,
  spec: { flags: { approval: { modes: readonly string[] } | null } },
): string | null {
  const mode = handoff.source.agentMode;
  return mode !== null && spec.flags.approval?.modes.includes(mode) ? mode : null;
}

function describeVia(plan: LaunchPlan, io: CliIo): string {
  switch (plan.via) {
    case "argument":
      return "prompt as an argument";
    case "stdin":
      return "prompt on stdin";
    case "file":
      return `prompt in ${displayPath(resolve(io.cwd, plan.promptFile ?? ""), io.cwd)}, named by a short argument`;
    case "none":
      return "its own session, no prompt";
  }
}

function printPlan(
  io: CliIo,
  shown: {
    plan: LaunchPlan;
    handoff: Handoff;
    entry: StoreEntry;
    env: Record<string, string>;
    prompt: string | null;
    json: boolean;
  },
): void {
  const { plan, handoff, env, prompt } = shown;
  const promptBytes = prompt === null ? 0 : Buffer.byteLength(prompt);
  if (shown.json) {
    writeJson(io, {
      handoff: handoff.id,
      command: plan.command,
      args: plan.args,
      cwd: io.cwd,
      env,
      via: plan.via,
      promptFile: plan.promptFile,
      promptBytes,
      stdin: plan.stdin,
      claimSession: env.BATON_SESSION_ID,
      warnings: plan.warnings,
    });
    return;
  }
  const where: Record<LaunchPlan["via"], string> = {
    argument: "the last argument",
    stdin: "stdin, then stdin is closed",
    file: `the file ${plan.promptFile ?? ""}, named by the last argument`,
    none: "nowhere: the agent resumes its own session",
  };
  writeData(
    io,
    [
      `handoff: ${handoff.id}`,
      `cwd: ${io.cwd}`,
      `env: ${Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
      `prompt: ${where[plan.via]}${prompt === null ? "" : ` (${promptBytes} bytes)`}`,
      `command: ${[plan.command, ...plan.args].map(shellQuote).join(" ")}`,
    ].join("\n"),
  );
  say(io, "baton: dry run; nothing was started, claimed or written");
}
