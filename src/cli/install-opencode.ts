import { BatonError } from "../core/errors.ts";
import { locateRepo } from "../git/locate-repo.ts";
import {
  type FileChange,
  installOpenCode,
  openCodeTarget,
  pluginModulePath,
  uninstallOpenCode,
} from "../integrations/opencode/install-opencode.ts";
import type { CliIo } from "./cli-io.ts";
import { displayPath } from "./display-path.ts";
import { say, warn, writeData, writeJson } from "./output.ts";
import { parseChoice, parseCommandArgs } from "./parse-command-args.ts";

export const OPENCODE_INSTALL_HELP = `Examples:
  baton install opencode
  baton install opencode --scope user
  baton uninstall opencode

Usage: baton install opencode [--scope project|user] [--dry-run] [--json]
       baton uninstall opencode [--scope project|user] [--dry-run] [--json]

Adds baton's OpenCode plugin: the session_handoff, read_session and session tools, a
handoff before every compaction and its continuation prompt after it, and the
/session-handoff command. The plugin file imports this very baton by absolute path, so
it works without a registry. Installing again changes nothing; uninstall removes only
the files baton wrote.

Options:
      --scope SCOPE   project (default): .opencode/ of this repository;
                      user: $XDG_CONFIG_HOME/opencode, else ~/.config/opencode
      --dry-run       print what would change, change nothing
      --json          print {schemaVersion, scope, plugin, files}
  -h, --help          show this help
`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  verbose: { type: "boolean" },
  scope: { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** `baton install opencode` and `baton uninstall opencode`. */
export async function runOpenCodeInstall(
  verb: "install" | "uninstall",
  args: string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(verb, args, OPTIONS, 1);
  if (values.help) {
    writeData(io, OPENCODE_INSTALL_HELP.trimEnd());
    return 0;
  }
  if (positionals[0] !== "opencode") {
    throw new BatonError("usage", `expected "baton ${verb} opencode"`);
  }
  const scope = parseChoice("scope", values.scope, ["project", "user"] as const) ?? "project";
  const target = openCodeTarget(scope, locateRepo(io.cwd).root, io.env);
  const dryRun = values["dry-run"] === true;
  const modulePath = pluginModulePath();
  const changes =
    verb === "install"
      ? await installOpenCode(target, modulePath, { dryRun })
      : await uninstallOpenCode(target, { dryRun });
  if (values.json) {
    writeJson(io, {
      dryRun,
      scope,
      plugin: verb === "install" ? modulePath : null,
      files: changes.map(({ path, action, reason }) => ({ path, action, reason: reason ?? null })),
    });
    return 0;
  }
  report(io, verb, changes, dryRun);
  return 0;
}

function report(io: CliIo, verb: "install" | "uninstall", changes: FileChange[], dryRun: boolean) {
  const show = (path: string) => displayPath(path, io.cwd);
  writeData(io, changes.map((c) => `${c.action.padEnd(10)} ${show(c.path)}`).join("\n"));
  for (const change of changes) {
    if (change.action === "skip") warn(io, `${show(change.path)} ${change.reason}; left alone`);
  }
  const changed = changes.some(
    (c) => c.action !== "unchanged" && c.action !== "absent" && c.action !== "skip",
  );
  if (dryRun) say(io, "baton: dry run; nothing was changed");
  else if (!changed) say(io, `baton: already ${verb}ed; nothing changed`);
  else if (verb === "install")
    say(io, "baton: installed; OpenCode loads the plugin when it starts (restart a running one)");
  else say(io, "baton: uninstalled; restart OpenCode to unload the plugin");
}
