import { homedir } from "node:os";
import { BatonError } from "../core/errors.ts";
import { locateRepo } from "../git/locate-repo.ts";
import { batonEntryPath, hookEntryPath } from "../integrations/claude-code/baton-entry.ts";
import {
  applyPlan,
  type InstallPlan,
  type InstallScope,
  installTarget,
  planInstall,
  planUninstall,
} from "../integrations/claude-code/install-claude-code.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import { displayPath } from "./display-path.ts";
import { nodeVersionProblem } from "./node-version.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { parseChoice, parseCommandArgs } from "./parse-command-args.ts";

const INSTALL_HELP = `Examples:
  baton install claude-code
  baton install claude-code --scope user
  baton install opencode
  baton install claude-code --dry-run

Usage: baton install <claude-code | opencode> [options]

claude-code: adds baton's hooks to Claude Code's settings and the /handoff,
/handoff-resume and /handoff-list commands. Before each compaction the session is
captured into a handoff; after it, and when a new session starts on the same branch,
the handoff is given to Claude. The hooks run this very baton (its node and script, by
absolute path), so they work without baton on PATH. Other settings and hooks are kept;
the settings file is backed up before it changes.

opencode: adds baton's OpenCode plugin (the session_handoff, read_session and session
tools, a handoff before every compaction and its continuation after it) and the
/session-handoff command; the plugin file imports this very baton by absolute path.

Installing again changes nothing.

Options:
      --scope SCOPE   claude-code: project (default): .claude/settings.json of this
                      repository; local: .claude/settings.local.json (kept out of
                      git, for hooks holding this machine's paths); user:
                      $CLAUDE_CONFIG_DIR, else ~/.claude (every project)
                      opencode: project (default): .opencode/ of this repository;
                      user: $XDG_CONFIG_HOME/opencode, else ~/.config/opencode
      --dry-run       print what would change, change nothing
      --json          print what changed as JSON, with a schemaVersion
  -h, --help          show this help
`;

const UNINSTALL_HELP = `Examples:
  baton uninstall claude-code
  baton uninstall claude-code --scope user
  baton uninstall opencode

Usage: baton uninstall <claude-code | opencode> [options]

Removes what "baton install" added: baton's hooks from Claude Code's settings (backed up
first) or baton's OpenCode plugin, and the command files baton wrote; everything else is
kept.

Options:
      --scope SCOPE   claude-code: project (default), local or user;
                      opencode: project (default) or user
      --dry-run       print what would change, change nothing
      --json          print {schemaVersion, settings, backup, commands}
  -h, --help          show this help
`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  verbose: { type: "boolean" },
  scope: { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
} as const;

export const installCommand: Command = {
  name: "install",
  summary: "add baton's hooks and commands to an agent (claude-code, opencode)",
  help: INSTALL_HELP,
  run: (args, io) => runInstall("install", args, io),
};

export const uninstallCommand: Command = {
  name: "uninstall",
  summary: "remove baton's hooks and commands from an agent",
  help: UNINSTALL_HELP,
  run: (args, io) => runInstall("uninstall", args, io),
};

async function runInstall(
  verb: "install" | "uninstall",
  args: string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(verb, args, OPTIONS, 1);
  const agent = positionals[0];
  if (agent === "opencode") {
    return (await import("./install-opencode.ts")).runOpenCodeInstall(verb, args, io);
  }
  if (agent !== "claude-code") {
    throw new BatonError(
      "usage",
      agent === undefined
        ? `name the agent: "baton ${verb} claude-code" or "baton ${verb} opencode"`
        : `baton can ${verb} itself into claude-code or opencode, not "${agent}"`,
    );
  }
  // The hooks run this node; one that cannot run baton would fail in every session.
  const tooOld = nodeVersionProblem(process.version);
  if (tooOld !== null) {
    throw new BatonError("usage", `not installing hooks that run ${process.execPath}: ${tooOld}`);
  }
  const scope: InstallScope =
    parseChoice("scope", values.scope, ["project", "local", "user"] as const) ?? "project";
  const target = installTarget(scope, locateRepo(io.cwd).root, io.env, io.env.HOME ?? homedir());
  const plan =
    verb === "install"
      ? await planInstall(
          target,
          { node: process.execPath, entry: batonEntryPath(), hookEntry: hookEntryPath() },
          io.now(),
        )
      : await planUninstall(target, io.now());
  const dryRun = values["dry-run"] === true;
  if (!dryRun) await applyPlan(plan);
  report(io, verb, plan, dryRun, values.json === true);
  return 0;
}

function report(
  io: CliIo,
  verb: "install" | "uninstall",
  plan: InstallPlan,
  dryRun: boolean,
  json: boolean,
): void {
  if (json) {
    writeJson(io, {
      dryRun,
      settings: { path: plan.settings.path, action: plan.settings.action },
      backup: plan.backupPath,
      commands: plan.commands.map(({ path, action, reason }) => ({ path, action, reason })),
      hooks: plan.hooks,
    });
    return;
  }
  const show = (path: string) => displayPath(path, io.cwd);
  const lines: string[] = [];
  if (plan.backupPath !== null) lines.push(`backup     ${show(plan.backupPath)}`);
  lines.push(`${plan.settings.action.padEnd(10)} ${show(plan.settings.path)}`);
  for (const file of plan.commands) {
    lines.push(`${file.action.padEnd(10)} ${show(file.path)}`);
    if (file.action === "skip") warn(io, `${show(file.path)} ${file.reason ?? ""}; left alone`);
  }
  writeData(io, lines.join("\n"));
  if (dryRun) {
    if (verb === "install") {
      say(io, "baton: dry run; these hooks would be installed:");
      for (const [event, hook] of Object.entries(plan.hooks))
        say(io, `  ${event}: ${hook.command}`);
    } else {
      say(io, "baton: dry run; nothing was changed");
    }
    return;
  }
  const changed =
    plan.settings.action !== "unchanged" || plan.commands.some((f) => f.action !== "unchanged");
  if (!changed)
    say(io, `baton: already ${verb === "install" ? "installed" : "uninstalled"}; nothing changed`);
  else if (verb === "install") {
    say(
      io,
      "baton: installed; Claude Code sessions started from now on use it (running ones after a restart)",
    );
  } else {
    say(io, "baton: uninstalled");
  }
}
