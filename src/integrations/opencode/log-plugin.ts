import { join } from "node:path";
import { appendLog } from "../append-log.ts";
import { batonStateDir } from "../baton-state-dir.ts";

/** `$XDG_STATE_HOME/baton/opencode.log`: where the plugin's failures show, since it has no terminal. */
export function pluginLogPath(env: NodeJS.ProcessEnv): string {
  return join(batonStateDir(env), "opencode.log");
}

/** One line in the plugin's log; a plugin step that fails must not break OpenCode. */
export function logPlugin(env: NodeJS.ProcessEnv, step: string, message: string): void {
  appendLog(pluginLogPath(env), "opencode", step, message);
}
