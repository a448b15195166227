import type { AgentIntegration, InstallOutcome, InstallRequest } from "../agent-integration.ts";
import { hookProcessContext } from "../claude-code/hook-process-context.ts";
import { planOutcome } from "../plan-outcome.ts";
import {
  GEMINI_HOOK_EVENTS,
  GEMINI_HOOK_TIMEOUTS,
  toGeminiHookEvent,
} from "./gemini-hook-events.ts";
import type { GeminiPlan, GeminiScope } from "./install-gemini-cli.ts";
import { runGeminiHook } from "./run-gemini-hook.ts";

// The hooks load this file on every event: installing is loaded only when asked for.
const installer = () => import("./install-gemini-cli.ts");

export const geminiCliIntegration: AgentIntegration = {
  summary: `adds baton's hooks and MCP server (mcpServers.baton) to Gemini CLI's
settings.json, and the /handoff, /handoff-resume and /handoff-list commands. When a session
starts on a branch with an open handoff, the handoff is given to Gemini; before a
compression the chat is captured into a handoff, which Gemini gets with the next prompt
(Gemini fires no event after a compression). Other hooks and settings are kept; the
settings file is backed up before it changes.`,
  scopes: [
    {
      name: "project",
      where: ".gemini/ of this repository",
      inRepository: true,
      sharing:
        "not safe to commit: .gemini/settings.json and .gemini/commands/handoff*.toml name this machine's node and baton by absolute path; each teammate runs `baton install gemini-cli`",
    },
    {
      name: "user",
      where: "$GEMINI_CLI_HOME/.gemini, else ~/.gemini (every project)",
      inRepository: false,
      sharing: "nothing was written into the repository",
    },
  ],
  injects: ["session start", "the first prompt after a compression"],
  install: async (request) => {
    const { planGeminiInstall } = await installer();
    const plan = await planGeminiInstall(await target(request), request.launcher, request.now);
    if (!request.dryRun) await apply(plan);
    return outcome(
      plan,
      request,
      "baton: installed; Gemini CLI sessions started from now on use it (running ones after a restart)",
    );
  },
  uninstall: async (request) => {
    const { planGeminiUninstall } = await installer();
    const plan = await planGeminiUninstall(await target(request), request.now);
    if (!request.dryRun) await apply(plan);
    return outcome(plan, request, "baton: uninstalled");
  },
  inspect: async (request) => (await import("./inspect-gemini-cli.ts")).inspectGeminiCli(request),
  hooks: {
    events: GEMINI_HOOK_EVENTS,
    timeoutSeconds: (event) => {
      const known = toGeminiHookEvent(event);
      return known === null ? null : GEMINI_HOOK_TIMEOUTS[known];
    },
    run: (args, io) =>
      runGeminiHook(
        args,
        { stdin: io.stdin, stdout: io.stdout },
        hookProcessContext("gemini-cli", io),
      ),
  },
};

async function target(request: InstallRequest) {
  const { geminiTarget } = await installer();
  return geminiTarget(request.scope as GeminiScope, request.root, request.env, request.homedir);
}

async function apply(plan: GeminiPlan): Promise<void> {
  const { applyCodexPlan } = await import("../codex/install-codex.ts");
  await applyCodexPlan(plan);
}

function outcome(plan: GeminiPlan, request: InstallRequest, doneMessage: string): InstallOutcome {
  const hookLines = Object.entries(plan.hooks).map(
    ([event, hook]) => [event, hook.command] as const,
  );
  return planOutcome({ ...plan, hookLines }, request, doneMessage);
}
