import type { AgentIntegration, InstallOutcome, InstallRequest } from "../agent-integration.ts";
import { hookProcessContext } from "../claude-code/hook-process-context.ts";
import { SUMMARY_WORKER, SUMMARY_WORKER_TIMEOUT_SECONDS } from "../claude-code/run-claude-hook.ts";
import { planOutcome } from "../plan-outcome.ts";
import { CODEX_HOOK_EVENTS, CODEX_HOOK_TIMEOUTS, toCodexHookEvent } from "./codex-hook-events.ts";
import type { CodexPlan, CodexScope } from "./install-codex.ts";
import { runCodexHook } from "./run-codex-hook.ts";

// The hooks load this file on every event: installing is loaded only when asked for.
const installer = () => import("./install-codex.ts");
const truster = () => import("./apply-codex-trust.ts");

export const codexIntegration: AgentIntegration = {
  summary: `adds baton's hooks to Codex's hooks.json, the $handoff, $handoff-resume and
$handoff-list skills, and baton's MCP server ([mcp_servers.baton] in config.toml). Before
each compaction the rollout is captured into a handoff; after it, and when a new session
starts on the same branch, the handoff is given to Codex. Codex runs a hook only once it
is trusted: install trusts baton's own hooks through Codex itself (codex app-server) when
"codex" is on PATH, else says how. Other hooks and settings are kept; each changed file
is backed up first.`,
  scopes: [
    {
      name: "project",
      where: ".codex/ of this repository (read once Codex trusts the project)",
      // Codex sets no project folder for its hooks: they name this machine's baton.
      inRepository: false,
      sharing:
        "not safe to commit: .codex/hooks.json, .codex/config.toml and .codex/skills name this machine's node and baton by absolute path; each teammate runs `baton install codex`",
    },
    {
      name: "user",
      where: "$CODEX_HOME, else ~/.codex (every project)",
      inRepository: false,
      sharing: "nothing was written into the repository",
    },
  ],
  injects: ["session start", "after compaction"],
  install: async (request) => {
    const { applyCodexPlan, planCodexInstall } = await installer();
    const plan = await planCodexInstall(await target(request), request.launcher, request.now);
    if (request.dryRun) return outcome(plan, request, "", []);
    await applyCodexPlan(plan);
    const { trustBatonHooks } = await truster();
    const trust = await trustBatonHooks(await target(request), request);
    return outcome(
      plan,
      request,
      `baton: installed; Codex sessions started from now on use it. ${trust.message}`,
      trust.files,
    );
  },
  uninstall: async (request) => {
    const { applyCodexPlan, planCodexUninstall } = await installer();
    const plan = await planCodexUninstall(await target(request), request.now);
    const { untrustBatonHooks } = await truster();
    // The trust entries may be in the config.toml the plan changes: read after it is written.
    if (!request.dryRun) await applyCodexPlan(plan);
    const untrust = await untrustBatonHooks(await target(request), request);
    if (!request.dryRun) await applyCodexPlan(untrust);
    return outcome(plan, request, "baton: uninstalled", untrust.files);
  },
  inspect: async (request) => (await import("./inspect-codex.ts")).inspectCodex(request),
  hooks: {
    events: CODEX_HOOK_EVENTS,
    timeoutSeconds: (event) => {
      if (event === SUMMARY_WORKER) return SUMMARY_WORKER_TIMEOUT_SECONDS;
      const known = toCodexHookEvent(event);
      return known === null ? null : CODEX_HOOK_TIMEOUTS[known];
    },
    run: (args, io) =>
      runCodexHook(args, { stdin: io.stdin, stdout: io.stdout }, hookProcessContext("codex", io)),
  },
};

async function target(request: InstallRequest) {
  const { codexTarget } = await installer();
  return codexTarget(request.scope as CodexScope, request.root, request.env, request.homedir);
}

function outcome(
  plan: CodexPlan,
  request: InstallRequest,
  doneMessage: string,
  extra: CodexPlan["files"],
): InstallOutcome {
  const backups = new Set(plan.files.map((file) => file.backup));
  const files = [
    ...plan.files,
    ...extra.map((file) => (backups.has(file.backup) ? { ...file, backup: undefined } : file)),
  ];
  const hookLines = Object.entries(plan.hooks).map(
    ([event, hook]) => [event, hook.command] as const,
  );
  return planOutcome(
    { ...plan, files, hookLines },
    request,
    doneMessage,
    "baton: dry run; these hooks would be installed (and trusted through codex app-server):",
  );
}
