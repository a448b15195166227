import { appendLog } from "../append-log.ts";
import { hookLogPath } from "../baton-state-dir.ts";
import type { HookContext } from "./hook-context.ts";

/**
 * One line in the hooks' log (`$XDG_STATE_HOME/baton/hooks.log`), tagged with the agent
 * whose hook wrote it: Codex, Pi and Copilot CLI run these handlers too.
 */
export function logHook(
  context: Pick<HookContext, "env" | "agent" | "processAgent">,
  event: string,
  message: string,
): void {
  const agent = context.agent?.id ?? context.processAgent ?? "claude-code";
  appendLog(hookLogPath(context.env), agent, event, message);
}
