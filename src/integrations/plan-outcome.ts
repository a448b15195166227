import type { InstallOutcome, InstallRequest } from "./agent-integration.ts";
import type { PlannedFile } from "./codex/install-codex.ts";

/** What an installer that plans files (Codex, Gemini CLI, Copilot CLI) says it did or would do. */
export interface PlanSummary {
  files: readonly PlannedFile[];
  /** The hooks as written, for `--json`. */
  hooks: Record<string, unknown>;
  /** Each hook's command line, for the dry run's list. */
  hookLines: readonly (readonly [event: string, command: string])[];
  mcp: unknown;
}

/**
 * The outcome of a planned install or uninstall: every file (its backup first), the plan
 * as JSON, and on a dry run the hooks' commands under `dryRunLead`.
 */
export function planOutcome(
  plan: PlanSummary,
  request: InstallRequest,
  doneMessage: string,
  dryRunLead = "baton: dry run; these hooks would be installed:",
): InstallOutcome {
  return {
    files: plan.files.flatMap(({ path, action, reason, backup }) => [
      ...(backup === undefined ? [] : [{ path: backup, action: "backup" as const }]),
      { path, action, reason },
    ]),
    json: {
      files: plan.files.map(({ path, action, reason, backup }) => ({
        path,
        action,
        reason,
        backup,
      })),
      hooks: plan.hooks,
      mcpServer: plan.mcp,
    },
    dryRunDetails:
      plan.hookLines.length === 0 || !request.dryRun
        ? []
        : [dryRunLead, ...plan.hookLines.map(([event, command]) => `  ${event}: ${command}`)],
    doneMessage,
  };
}
