import { appendLog } from "../append-log.ts";
import { type Env, hookLogPath } from "../baton-state-dir.ts";

/** One line in the hooks' log (`$XDG_STATE_HOME/baton/hooks.log`), for a Gemini CLI hook. */
export function logGeminiHook(env: Env, event: string, message: string): void {
  appendLog(hookLogPath(env), "gemini-cli", event, message);
}
