import { homedir } from "node:os";
import { type AgentProbe, probeAgent } from "../adapters/probe-agent.ts";
import { AGENT_ADAPTERS } from "../adapters/registry.ts";
import type { InstalledScope, InstallProblem } from "../integrations/agent-integration.ts";
import { batonEntryPath } from "../integrations/baton-entry.ts";
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
import { nodeVersionProblem } from "./node-version.ts";
import { openProject } from "./open-project.ts";
import { writeData, writeJson } from "./output.ts";
import { readPackageInfo } from "./package-info.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const OPTIONS = {
  json: {
    type: "boolean",
    description: "print {schemaVersion, node, baton, repository, handoffs, agents, problems}",
  },
  dir: DIR_OPTION,
  "allow-outside": ALLOW_OUTSIDE_OPTION,
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: ["baton doctor", "baton doctor --json | jq '.problems'"],
  usage: "baton doctor [options]",
  about: `Checks baton in this folder: the Node and baton versions, each agent baton knows
(found on PATH, its version), what baton installed into it at each scope and whether its
hooks or plugin would run, the handoff folder and its open handoffs. Each problem is
printed with its fix. Exits 1 when something is broken, 0 otherwise. Changes nothing.`,
  options: OPTIONS,
});

export const doctorCommand: Command = {
  name: "doctor",
  summary: "check Node, baton, the agents, their integrations and the handoff folder",
  help: HELP,
  run: runDoctor,
};

interface AgentReport {
  id: string;
  displayName: string;
  probe: AgentProbe | null;
  /** Null: baton has nothing to install into this agent. */
  installed: InstalledScope[] | null;
}

async function runDoctor(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("doctor", args, OPTIONS, 0);
  const problems: InstallProblem[] = [];
  const nodeProblem = nodeVersionProblem(process.version);
  if (nodeProblem !== null) {
    problems.push({
      problem: nodeProblem,
      fix: "install Node.js 22.13 or newer and reinstall baton",
    });
  }
  const baton = { version: readPackageInfo().version, entry: batonEntryPath() };
  const { git, root, store } = await openProject(io, values);

  const entries = await store.list();
  const live = entries.flatMap((entry) =>
    entry.ok && (entry.handoff.status === "open" || entry.handoff.status === "claimed")
      ? [{ id: entry.id, status: entry.handoff.status, branch: entry.handoff.branch }]
      : [],
  );
  for (const entry of entries) {
    if (!entry.ok) {
      problems.push({
        problem: `${displayPath(entry.path, io.cwd)} is broken: ${entry.error.message}`,
        fix: "fix the line it names, or move the file out of the handoff folder",
      });
    }
  }

  const request = { root, env: io.env, homedir: io.env.HOME ?? homedir() };
  const agents: AgentReport[] = await Promise.all(
    AGENT_ADAPTERS.map(async (adapter) => {
      const [probe, installed] = await Promise.all([
        probeAgent(adapter, io.env),
        adapter.loadIntegration === null
          ? null
          : adapter.loadIntegration().then((integration) => integration.inspect(request)),
      ]);
      return { id: adapter.id, displayName: adapter.displayName, probe, installed };
    }),
  );
  for (const agent of agents) {
    for (const scope of agent.installed ?? []) {
      problems.push(
        ...scope.problems.map((p) => ({
          ...p,
          problem: `${agent.displayName} (${scope.scope}): ${p.problem}`,
        })),
      );
    }
  }

  if (values.json) {
    writeJson(io, {
      node: { version: process.version, path: process.execPath, ok: nodeProblem === null },
      baton,
      repository: { inRepo: git.inRepo, root, branch: git.branch },
      handoffs: { dir: store.dir, live },
      agents: agents.map((agent) => ({
        id: agent.id,
        found: agent.probe?.found ?? false,
        path: agent.probe?.found ? agent.probe.path : null,
        version: agent.probe?.found ? agent.probe.version : null,
        installed: agent.installed,
      })),
      problems,
    });
    return problems.length > 0 ? 1 : 0;
  }

  const show = (path: string) => displayPath(path, io.cwd);
  const lines = [
    `Node     ${process.version} (${process.execPath})${nodeProblem === null ? "" : " — too old"}`,
    `baton    ${baton.version} (${show(baton.entry)})`,
    `folder   ${git.inRepo ? `${show(root) || "."}, branch ${git.branch ?? "(detached)"}` : `${show(root) || "."}, not a git repository`}`,
    `handoffs ${show(store.dir)}: ${describeLive(live)}`,
    "",
    "Agents:",
  ];
  for (const agent of agents) lines.push(...describeAgent(agent, show));
  const notes = agents.flatMap((agent) => [
    ...(agent.installed ?? []).flatMap((scope) => scope.notes),
    // Not broken: a teammate without this agent shares the project's settings all the same.
    ...((agent.installed ?? []).some((scope) => scope.installed) && agent.probe?.found === false
      ? [
          `${agent.displayName}: baton is installed into it, but \`${agent.probe.binary}\` is not on PATH`,
        ]
      : []),
  ]);
  if (notes.length > 0) lines.push("", "Notes:", ...notes.map((note) => `  - ${note}`));
  lines.push("");
  if (problems.length === 0) lines.push("No problems found.");
  else {
    lines.push(`${problems.length} problem${problems.length === 1 ? "" : "s"}:`);
    for (const { problem, fix } of problems) lines.push(`  ✗ ${problem}`, `    fix: ${fix}`);
  }
  writeData(io, lines.join("\n"));
  return problems.length > 0 ? 1 : 0;
}

function describeLive(live: { id: string; status: string; branch: string | null }[]): string {
  if (live.length === 0) return "no open handoffs";
  const shown = live
    .slice(0, 5)
    .map((h) => `${h.id} (${h.status}${h.branch === null ? "" : `, ${h.branch}`})`);
  const more = live.length > 5 ? `, and ${live.length - 5} more` : "";
  return `${live.length} open: ${shown.join(", ")}${more}`;
}

const WIDTH = Math.max(...AGENT_ADAPTERS.map((adapter) => adapter.displayName.length)) + 2;

function describeAgent(agent: AgentReport, show: (path: string) => string): string[] {
  const name = agent.displayName.padEnd(WIDTH);
  const probe = agent.probe;
  const found =
    probe === null
      ? "no program to find"
      : !probe.found
        ? `\`${probe.binary}\` not found on PATH`
        : `${probe.version ?? `version unknown (${probe.versionError ?? "no version printed"})`} (${probe.path})`;
  if (agent.installed === null) return [`  ${name}${found}; no baton integration`];
  const lines = [`  ${name}${found}`];
  const installed = agent.installed.filter((scope) => scope.installed);
  if (installed.length === 0) {
    lines.push(`  ${"".padEnd(WIDTH)}baton not installed (baton install ${agent.id})`);
  }
  for (const scope of installed) {
    const state = scope.problems.length === 0 ? "would run" : "BROKEN";
    lines.push(
      `  ${"".padEnd(WIDTH)}installed (${scope.scope}): ${scope.detail ?? ""} in ${show(scope.path)}, ${state}`,
    );
  }
  return lines;
}
