import type { AgentIntegration, InstallOutcome } from "../../src/integrations/agent-integration.ts";

/**
 * `baton install <agent>` at the project scope as the repository's own baton runs it (the
 * package under node_modules/agent-baton): what is written must name no machine's paths,
 * so the launcher's own paths are ones that appear nowhere else ("/elsewhere/…").
 */
export function installAsProjectDependency(
  integration: AgentIntegration,
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): Promise<InstallOutcome> {
  return integration.install({
    scope: "project",
    root,
    env,
    homedir,
    now: new Date(),
    dryRun: false,
    launcher: {
      node: process.execPath,
      entry: "/elsewhere/dist/cli/main.js",
      hookEntry: "/elsewhere/dist/cli/hook-main.js",
      inProject: "node_modules/agent-baton",
    },
  });
}
