import type { AgentIntegration, InstallOutcome, InstallRequest } from "../agent-integration.ts";
import { HOOK_TIMEOUTS } from "./hook-command-line.ts";
import { hookProcessContext } from "./hook-process-context.ts";
import type { InstallPlan, InstallScope } from "./install-claude-code.ts";
import {
  CLAUDE_HOOK_EVENTS,
  runClaudeHook,
  SUMMARY_WORKER,
  SUMMARY_WORKER_TIMEOUT_SECONDS,
  toHookEvent,
} from "./run-claude-hook.ts";

// The hooks load this file on every event: installing is loaded only when asked for.
const installer = () => import("./install-claude-code.ts");

const AGENT = "claude-code";

export const claudeCodeIntegration: AgentIntegration = {
  summary: `adds baton's hooks to Claude Code's settings, the /handoff,
/handoff-resume and /handoff-list commands, and baton's MCP server (.mcp.json for a
project, .claude.json for local and user, where "claude mcp add" puts it). Before each compaction the session is
captured into a handoff; after it, and when a new session starts on the same branch,
the handoff is given to Claude. The hooks run this very baton (its node and script, by
absolute path), so they work without baton on PATH. Other settings and hooks are kept;
the settings file is backed up before it changes.`,
  scopes: [
    {
      name: "project",
      inRepository: true,
      where: ".claude/settings.json of this repository",
      sharing:
        "not safe to commit: .claude/settings.json and .claude/commands/handoff*.md name this machine's node and baton by absolute path; each teammate runs `baton install claude-code` (or uses --scope user)",
    },
    {
      name: "local",
      inRepository: true,
      where:
        ".claude/settings.local.json (kept out of git, for hooks holding this machine's paths)",
      sharing:
        "Claude Code keeps .claude/settings.local.json out of git, but .claude/commands/handoff*.md name this machine's paths: do not commit them",
    },
    {
      name: "user",
      inRepository: false,
      where: "$CLAUDE_CONFIG_DIR, else ~/.claude (every project)",
      sharing: "nothing was written into the repository",
    },
  ],
  injects: ["session start", "after compaction", "each prompt until acknowledged"],
  install: async (request) => {
    const { applyPlan, planInstall } = await installer();
    const plan = await planInstall(await target(request), request.launcher, request.now);
    if (!request.dryRun) await applyPlan(plan);
    return outcome(
      plan,
      request,
      "baton: installed; Claude Code sessions started from now on use it (running ones after a restart)",
    );
  },
  uninstall: async (request) => {
    const { applyPlan, planUninstall } = await installer();
    const plan = await planUninstall(await target(request), request.now);
    if (!request.dryRun) await applyPlan(plan);
    return outcome(plan, request, "baton: uninstalled");
  },
  inspect: async (request) => (await import("./inspect-claude-code.ts")).inspectClaudeCode(request),
  hooks: {
    events: CLAUDE_HOOK_EVENTS,
    timeoutSeconds: (event) => {
      if (event === SUMMARY_WORKER) return SUMMARY_WORKER_TIMEOUT_SECONDS;
      const known = toHookEvent(event);
      return known === null ? null : HOOK_TIMEOUTS[known];
    },
    run: (args, io) =>
      runClaudeHook(args, { stdin: io.stdin, stdout: io.stdout }, hookProcessContext(AGENT, io)),
  },
};

async function target(request: InstallRequest) {
  const { installTarget } = await installer();
  return installTarget(request.scope as InstallScope, request.root, request.env, request.homedir);
}

function outcome(plan: InstallPlan, request: InstallRequest, doneMessage: string): InstallOutcome {
  const hooks = Object.entries(plan.hooks);
  return {
    files: [
      ...(plan.backupPath === null ? [] : [{ path: plan.backupPath, action: "backup" as const }]),
      { path: plan.settings.path, action: plan.settings.action },
      ...plan.commands.map(({ path, action, reason }) => ({ path, action, reason })),
      ...(plan.mcp.backupPath === null
        ? []
        : [{ path: plan.mcp.backupPath, action: "backup" as const }]),
      { path: plan.mcp.path, action: plan.mcp.action },
    ],
    json: {
      settings: { path: plan.settings.path, action: plan.settings.action },
      backup: plan.backupPath,
      commands: plan.commands.map(({ path, action, reason }) => ({ path, action, reason })),
      hooks: plan.hooks,
      mcpServer: { path: plan.mcp.path, action: plan.mcp.action, backup: plan.mcp.backupPath },
    },
    dryRunDetails:
      hooks.length === 0 || !request.dryRun
        ? []
        : [
            "baton: dry run; these hooks would be installed:",
            ...hooks.map(([event, hook]) => `  ${event}: ${hook.command}`),
          ],
    doneMessage,
  };
}
