import type { AgentIntegration, InstallOutcome, InstallRequest } from "../agent-integration.ts";
import { hookProcessContext } from "../claude-code/hook-process-context.ts";
import type { PiFileChange, PiScope } from "./install-pi.ts";
import { PI_HOOK_EVENTS, PI_HOOK_TIMEOUTS, toPiHookEvent } from "./pi-hook-events.ts";
import { runPiHook } from "./run-pi-hook.ts";

// The hooks load this file on every event: installing is loaded only when asked for.
const installer = () => import("./install-pi.ts");

export const piIntegration: AgentIntegration = {
  summary: `adds baton's Pi extension (extensions/baton.ts): before each compaction the
session is captured into a handoff, which is put back after Pi's summary; leaving a
session (/new, or the end of an interactive one) hands it off; a new session on the same branch
starts with the open handoff, claimed and archived once it answered; /handoff (the
model drafts it, you confirm) and /handoff-now (baton alone); and baton's MCP server with its tools (read_session, request_handoff, …). The
file imports this very baton and runs its node and scripts by absolute path.`,
  scopes: [
    {
      name: "project",
      where: ".pi/extensions/ of this repository (loaded once Pi trusts the project)",
      inRepository: true,
      sharing:
        "not safe to commit: .pi/extensions/baton.ts names this machine's node and baton by absolute path; each teammate runs `baton install pi` (or uses --scope user)",
    },
    {
      name: "user",
      where: "$PI_CODING_AGENT_DIR, else ~/.pi/agent (every project)",
      inRepository: false,
      sharing: "nothing was written into the repository",
    },
  ],
  injects: ["session start", "after compaction"],
  install: async (request) => {
    const { extensionFile, extensionModulePath, installPi } = await installer();
    const content = extensionFile(extensionModulePath(), request.launcher);
    const changes = await installPi(await target(request), content, request);
    const trust =
      request.scope === "project"
        ? " Pi loads a project's .pi/extensions once the project is trusted: /trust in Pi, or pi --approve for one run."
        : "";
    return outcome(
      changes,
      request,
      `baton: installed; Pi sessions started from now on load the extension (/reload in a running one).${trust}`,
    );
  },
  uninstall: async (request) => {
    const { uninstallPi } = await installer();
    const path = await target(request);
    // Empty folders install made go too, never the scope's own base (.pi, or Pi's agent folder).
    const stopAt = path.replace(/\/extensions\/baton\.ts$/, "");
    const changes = await uninstallPi(path, { dryRun: request.dryRun, stopAt });
    return outcome(changes, request, "baton: uninstalled; /reload a running Pi to unload it");
  },
  hooks: {
    events: PI_HOOK_EVENTS,
    timeoutSeconds: (event) => {
      const known = toPiHookEvent(event);
      return known === null ? null : PI_HOOK_TIMEOUTS[known];
    },
    run: (args, io) =>
      runPiHook(args, { stdin: io.stdin, stdout: io.stdout }, hookProcessContext("pi", io)),
  },
  inspect: async (request) => (await import("./inspect-pi.ts")).inspectPi(request),
};

async function target(request: InstallRequest): Promise<string> {
  const { piExtensionPath } = await installer();
  return piExtensionPath(request.scope as PiScope, request.root, request.env, request.homedir);
}

function outcome(
  changes: PiFileChange[],
  request: InstallRequest,
  doneMessage: string,
): InstallOutcome {
  return {
    files: changes.flatMap(({ path, action, reason, backup }) => [
      ...(backup === undefined ? [] : [{ path: backup, action: "backup" as const }]),
      { path, action, reason },
    ]),
    json: {
      scope: request.scope,
      files: changes.map(({ path, action, reason, backup }) => ({
        path,
        action,
        reason: reason ?? null,
        backup: backup ?? null,
      })),
    },
    dryRunDetails: [],
    doneMessage,
  };
}
