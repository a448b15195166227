import type { AgentIntegration, InstallOutcome, InstallRequest } from "../agent-integration.ts";
import { hookProcessContext } from "../claude-code/hook-process-context.ts";
import { planOutcome } from "../plan-outcome.ts";
import {
  COPILOT_HOOK_EVENTS,
  COPILOT_HOOK_TIMEOUTS,
  toCopilotHookEvent,
} from "./copilot-hook-events.ts";
import type { CopilotPlan, CopilotScope } from "./install-copilot.ts";
import { runCopilotHook } from "./run-copilot-hook.ts";

// The hooks load this file on every event: installing is loaded only when asked for.
const installer = () => import("./install-copilot.ts");

export const copilotIntegration: AgentIntegration = {
  summary: `adds baton's hooks (hooks/baton.json), the /handoff, /handoff-resume and
/handoff-list skills, and baton's MCP server to GitHub Copilot CLI. When a session starts,
an open handoff of the branch is given to Copilot; before each compaction and when a
session ends, the session is captured into a handoff. Copilot runs no hook after a
compaction: that handoff reaches the model with the session's next prompt. Repository
hooks and MCP servers run once Copilot trusts the folder. Other files are kept; each
changed file is backed up first.`,
  scopes: [
    {
      name: "project",
      where: ".github/hooks, .github/skills and .github/mcp.json of this repository",
      inRepository: true,
      sharing:
        "not safe to commit: .github/hooks/baton.json, .github/mcp.json and .github/skills name this machine's node and baton by absolute path; each teammate runs `baton install copilot` (or add agent-baton to the project's devDependencies and install with its baton: then the files are safe to commit)",
    },
    {
      name: "user",
      where: "$COPILOT_HOME, else ~/.copilot: hooks/, skills/ and mcp-config.json (every project)",
      inRepository: false,
      sharing: "nothing was written into the repository",
    },
  ],
  injects: ["session start", "the first prompt after a compaction"],
  install: async (request) => {
    const { planCopilotInstall } = await installer();
    const plan = await planCopilotInstall(await target(request), request.launcher, request.now);
    if (!request.dryRun) await apply(plan);
    return outcome(
      plan,
      request,
      "baton: installed; Copilot CLI sessions started from now on use it (repository hooks and MCP servers once Copilot trusts the folder).",
    );
  },
  uninstall: async (request) => {
    const { planCopilotUninstall } = await installer();
    const plan = await planCopilotUninstall(await target(request), request.now);
    if (!request.dryRun) await apply(plan);
    return outcome(plan, request, "baton: uninstalled");
  },
  inspect: async (request) => (await import("./inspect-copilot.ts")).inspectCopilot(request),
  hooks: {
    events: COPILOT_HOOK_EVENTS,
    timeoutSeconds: (event) => {
      const known = toCopilotHookEvent(event);
      return known === null ? null : COPILOT_HOOK_TIMEOUTS[known];
    },
    run: (args, io) =>
      runCopilotHook(
        args,
        { stdin: io.stdin, stdout: io.stdout },
        hookProcessContext("copilot", io),
      ),
  },
};

async function target(request: InstallRequest) {
  const { copilotTarget } = await installer();
  return copilotTarget(request.scope as CopilotScope, request.root, request.env, request.homedir);
}

async function apply(plan: CopilotPlan): Promise<void> {
  // The same plan of files as Codex's: backups first, then atomic writes.
  const { applyCodexPlan } = await import("../codex/install-codex.ts");
  await applyCodexPlan({ files: plan.files, hooks: {}, mcp: null });
}

function outcome(plan: CopilotPlan, request: InstallRequest, doneMessage: string): InstallOutcome {
  const hookLines = Object.entries(plan.hooks).map(([event, hook]) => [event, hook.bash] as const);
  return planOutcome({ ...plan, hookLines }, request, doneMessage);
}
