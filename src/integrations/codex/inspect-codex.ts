import type { InspectRequest, InstalledScope } from "../agent-integration.ts";
import { batonCommands } from "../claude-code/inspect-claude-code.ts";
import { inspectHookFile } from "../inspect-hook-file.ts";
import { CODEX_HOOK_EVENTS } from "./codex-hook-events.ts";
import { CODEX_MARKER, type CodexScope, codexTarget } from "./install-codex.ts";

const SCOPES: readonly CodexScope[] = ["project", "user"];

/**
 * baton's hooks in Codex's hooks.json at each scope: which events have one, and whether
 * the node and script each names are still there. Whether Codex trusts them is Codex's to
 * say (`codex app-server`), not read here.
 */
export async function inspectCodex(request: InspectRequest): Promise<InstalledScope[]> {
  const scopes: InstalledScope[] = [];
  for (const scope of SCOPES) {
    const { hooksPath } = codexTarget(scope, request.root, request.env, request.homedir);
    scopes.push(
      await inspectHookFile({
        scope,
        path: hooksPath,
        root: request.root,
        env: request.env,
        agent: "codex",
        displayName: "Codex",
        events: CODEX_HOOK_EVENTS,
        commandsOf: (file) => batonCommands(file, CODEX_MARKER),
      }),
    );
  }
  return scopes;
}
