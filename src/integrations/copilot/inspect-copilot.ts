import { isObject } from "../../core/json-object.ts";
import type { InspectRequest, InstalledScope } from "../agent-integration.ts";
import { inspectHookFile } from "../inspect-hook-file.ts";
import { COPILOT_HOOK_EVENTS } from "./copilot-hook-events.ts";
import { COPILOT_MARKER, type CopilotScope, copilotTarget } from "./install-copilot.ts";

const SCOPES: readonly CopilotScope[] = ["project", "user"];

/**
 * baton's hook file at each scope: which events have baton's command, and whether the node
 * and script it names are still there. Whether Copilot trusts the folder (repository hooks
 * load only in a trusted folder) is Copilot's to say, not read here.
 */
export async function inspectCopilot(request: InspectRequest): Promise<InstalledScope[]> {
  const scopes: InstalledScope[] = [];
  for (const scope of SCOPES) {
    const { hooksPath } = copilotTarget(scope, request.root, request.env, request.homedir);
    scopes.push(
      await inspectHookFile({
        scope,
        path: hooksPath,
        root: request.root,
        env: request.env,
        agent: "copilot",
        displayName: "Copilot",
        events: COPILOT_HOOK_EVENTS,
        commandsOf: batonCommands,
        // The project's own baton runs under ${COPILOT_PROJECT_DIR}: those files are safe to commit.
        notes: (runs) =>
          scope === "project" && runs.some((word) => word.startsWith("/"))
            ? [
                `${hooksPath} names this machine's node and baton by absolute path: do not commit it (each teammate runs \`baton install copilot\`, or use --scope user)`,
              ]
            : [],
      }),
    );
  }
  return scopes;
}

/** Event → baton's command in Copilot's `{version, hooks: {<event>: [{bash}]}}`. */
function batonCommands(file: unknown): Map<string, string> {
  const found = new Map<string, string>();
  if (!isObject(file) || !isObject(file.hooks)) return found;
  for (const [event, handlers] of Object.entries(file.hooks)) {
    if (!Array.isArray(handlers)) continue;
    for (const handler of handlers) {
      if (isObject(handler) && typeof handler.bash === "string") {
        if (handler.bash.includes(COPILOT_MARKER)) found.set(event, handler.bash);
      }
    }
  }
  return found;
}
