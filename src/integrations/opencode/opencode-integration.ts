import type { AgentIntegration, InstallOutcome, InstallRequest } from "../agent-integration.ts";
import {
  type FileChange,
  installOpenCode,
  type OpenCodeScope,
  openCodeTarget,
  pluginModulePath,
  uninstallOpenCode,
} from "./install-opencode.ts";

export const openCodeIntegration: AgentIntegration = {
  summary: `adds baton's OpenCode plugin (the session_handoff, read_session and session
tools, a handoff before every compaction and its continuation after it) and the
/session-handoff command; the plugin file imports this very baton by absolute path.`,
  scopes: [
    {
      name: "project",
      inRepository: true,
      where: ".opencode/ of this repository",
      sharing:
        "not safe to commit: .opencode/plugins/baton.js imports this machine's baton by absolute path; each teammate runs `baton install opencode` (or uses --scope user)",
    },
    {
      name: "user",
      inRepository: false,
      where: "$XDG_CONFIG_HOME/opencode, else ~/.config/opencode",
      sharing: "nothing was written into the repository",
    },
  ],
  injects: ["after compaction", "a new session the handoff tool starts"],
  install: async (request) => {
    // The project's own baton by its package name: Bun resolves it from node_modules.
    const modulePath =
      request.launcher.inProject === "node_modules/agent-baton"
        ? "agent-baton/opencode"
        : pluginModulePath();
    const changes = await installOpenCode(target(request), modulePath, request);
    return outcome(
      changes,
      request,
      modulePath,
      "baton: installed; OpenCode loads the plugin when it starts (restart a running one)",
    );
  },
  uninstall: async (request) => {
    const changes = await uninstallOpenCode(target(request), request);
    return outcome(
      changes,
      request,
      null,
      "baton: uninstalled; restart OpenCode to unload the plugin",
    );
  },
  hooks: null,
  inspect: async (request) => (await import("./inspect-opencode.ts")).inspectOpenCode(request),
};

function target(request: InstallRequest) {
  return openCodeTarget(request.scope as OpenCodeScope, request.root, { ...request.env });
}

function outcome(
  changes: FileChange[],
  request: InstallRequest,
  plugin: string | null,
  doneMessage: string,
): InstallOutcome {
  return {
    files: changes,
    json: {
      scope: request.scope,
      plugin,
      files: changes.map(({ path, action, reason }) => ({ path, action, reason: reason ?? null })),
    },
    dryRunDetails: [],
    doneMessage,
  };
}
