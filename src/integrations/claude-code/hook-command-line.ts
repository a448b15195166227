import type { ClaudeHookEvent } from "./run-claude-hook.ts";

/** In every command baton installs: how install and uninstall recognise their own. */
export const BATON_MARKER = "agent-baton:claude-code";

/** The marker of an agent's hooks: `agent-baton:<agent>`. */
export function batonMarker(agent: string): string {
  return `agent-baton:${agent}`;
}

/** The exact baton to run: this node binary and this copy's entry scripts, all absolute. */
export interface Launcher {
  node: string;
  /** The CLI, `baton …` (used by the slash commands). */
  entry: string;
  /** The hooks' light entry, `hook-main <agent> <event>`. */
  hookEntry: string;
  /** The package folder relative to the project (see agent-integration's Launcher). */
  inProject?: string | undefined;
}

/** Claude Code's per-hook timeouts (seconds); baton's own waits stay well inside them. */
export const HOOK_TIMEOUTS: Readonly<Record<ClaudeHookEvent, number>> = {
  SessionStart: 10,
  PreCompact: 60,
  PostCompact: 30,
  UserPromptSubmit: 10,
  Stop: 30,
};

export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function batonCommand(launcher: Launcher): string {
  // The project's own baton, whoever runs the command: npx finds it in node_modules/.bin.
  if (launcher.inProject !== undefined) return "npx baton";
  return `${shellQuote(launcher.node)} ${shellQuote(launcher.entry)}`;
}

/**
 * The variable an agent sets, for every hook, to the project's folder: Claude Code's
 * `CLAUDE_PROJECT_DIR`; Gemini CLI's `GEMINI_PROJECT_DIR` (0.61.0 sets both); Copilot
 * CLI's `COPILOT_PROJECT_DIR` (1.0.102 sets both, the repository's root also when it runs
 * in a subfolder). Written `${…}`: Gemini also replaces a bare `$GEMINI_PROJECT_DIR` in
 * the command text by the folder shell-quoted, which inside double quotes would keep the
 * quotes.
 */
export function projectDirVariable(agent: string): string {
  if (agent === "gemini-cli") return "GEMINI_PROJECT_DIR";
  return agent === "copilot" ? "COPILOT_PROJECT_DIR" : "CLAUDE_PROJECT_DIR";
}

/** A hook's script word with the project folder's variable (either spelling) made `root`. */
export function expandProjectDir(word: string, root: string): string {
  return word.replace(
    /^"\$(?:\{(?:CLAUDE|GEMINI|COPILOT)_PROJECT_DIR\}|(?:CLAUDE|GEMINI|COPILOT)_PROJECT_DIR)"\//,
    `${root}/`,
  );
}

/**
 * The node and hook script a hook runs: this machine's, by absolute path; or, for the
 * project's own baton, the `node` on PATH and the script under the project folder the
 * agent gives every hook, so the settings hold no machine's paths.
 */
function hookRunner(launcher: Launcher, agent: string): { node: string; script: string } {
  if (launcher.inProject === undefined) {
    return { node: shellQuote(launcher.node), script: shellQuote(launcher.hookEntry) };
  }
  const script = `"\${${projectDirVariable(agent)}}"/${shellQuote(`${launcher.inProject}/dist/cli/hook-main.js`)}`;
  return { node: "node", script };
}

/**
 * The shell command of one hook. baton itself always exits 0 and logs its own errors; the
 * fallback after `||` covers a baton that cannot start at all (moved, uninstalled, a
 * broken node), so that too leaves a line in the log instead of a notice in the session.
 * The trailing comment is the marker.
 */
export function hookCommandLine(event: string, launcher: Launcher, agent = "claude-code"): string {
  const { node, script } = hookRunner(launcher, agent);
  const run = `${node} ${script} ${agent} ${event}`;
  const log = `d="\${XDG_STATE_HOME:-$HOME/.local/state}/baton"; mkdir -p "$d" && printf '%s ${agent} ${event}: baton did not run (exit %s): %s\\n' "$(date -u +%Y-%m-%dT%TZ)" "$s" ${script} >> "$d/hooks.log"`;
  return `${run} || { s=$?; ${log}; } 2>/dev/null; true # ${batonMarker(agent)}`;
}
