import { join } from "node:path";
import { agentFolder } from "../../agents/session-ref-at.ts";
import type { Launcher } from "../agent-integration.ts";
import { batonCommand, batonMarker, hookCommandLine } from "../claude-code/hook-command-line.ts";
import { withMcpServer } from "../claude-code/register-mcp-server.ts";
import { change, type PlannedFile, readJson } from "../codex/install-codex.ts";
import { planOwnedFile, planOwnedRemoval } from "../owned-files.ts";
import { readOptional } from "../read-optional.ts";
import { COPILOT_HOOK_EVENTS, COPILOT_HOOK_TIMEOUTS } from "./copilot-hook-events.ts";
import { copilotSkills } from "./copilot-skills.ts";

export const COPILOT_MARKER = batonMarker("copilot");

/**
 * project: the repository's `.github/` (hooks, skills and workspace MCP servers, which
 * Copilot loads once the folder is trusted); user: `$COPILOT_HOME`, else `~/.copilot`.
 */
export type CopilotScope = "project" | "user";

export interface CopilotTarget {
  /** baton's own hook file: `hooks/baton.json` (Copilot reads every `*.json` there). */
  hooksPath: string;
  skillsDir: string;
  /** `.github/mcp.json` for the project, `mcp-config.json` for the user; `mcpServers` in both. */
  mcpPath: string;
}

export function copilotTarget(
  scope: CopilotScope,
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): CopilotTarget {
  if (scope === "project") {
    const github = join(root, ".github");
    return {
      hooksPath: join(github, "hooks", "baton.json"),
      skillsDir: join(github, "skills"),
      mcpPath: join(github, "mcp.json"),
    };
  }
  const home = agentFolder({ env: { ...env }, homedir }, "COPILOT_HOME", ".copilot");
  return {
    hooksPath: join(home, "hooks", "baton.json"),
    skillsDir: join(home, "skills"),
    mcpPath: join(home, "mcp-config.json"),
  };
}

export interface CopilotHook {
  type: "command";
  bash: string;
  timeoutSec: number;
}

export interface CopilotPlan {
  files: PlannedFile[];
  hooks: Record<string, CopilotHook>;
  mcp: { command: string; args: string[] } | null;
}

/** Copilot's hook file: `{version: 1, hooks: {<event>: [handler]}}`, bash commands only. */
export function copilotHooks(launcher: Launcher): Record<string, CopilotHook> {
  return Object.fromEntries(
    COPILOT_HOOK_EVENTS.map((event) => [
      event,
      {
        type: "command",
        bash: hookCommandLine(event, launcher, "copilot"),
        timeoutSec: COPILOT_HOOK_TIMEOUTS[event],
      },
    ]),
  );
}

/** What `baton install copilot` would change; nothing is written. */
export async function planCopilotInstall(
  target: CopilotTarget,
  launcher: Launcher,
  now: Date,
): Promise<CopilotPlan> {
  const hooks = copilotHooks(launcher);
  const files: PlannedFile[] = [];
  // The marker is in each command (its trailing comment): the file has no room for another.
  const hookFile = json({
    version: 1,
    hooks: Object.fromEntries(Object.entries(hooks).map(([event, hook]) => [event, [hook]])),
  });
  const existing = await readOptional(target.hooksPath);
  if (existing !== null && !existing.includes(COPILOT_MARKER)) {
    files.push({
      path: target.hooksPath,
      action: "skip",
      reason: "exists and was not written by baton",
    });
  } else {
    files.push(change(target.hooksPath, { text: existing, value: null }, hookFile, now));
  }
  // The project's own baton: npx finds it in node_modules/.bin from anywhere in the project.
  const mcp =
    launcher.inProject === undefined
      ? { command: launcher.node, args: [launcher.entry, "mcp"] }
      : { command: "npx", args: ["baton", "mcp"] };
  const mcpFile = await readJson(target.mcpPath);
  const entry = { type: "local", ...mcp, env: {}, tools: ["*"] };
  files.push(
    change(target.mcpPath, mcpFile, json(withMcpServer(mcpFile.value, ["mcpServers"], entry)), now),
  );
  for (const skill of copilotSkills(batonCommand(launcher))) {
    const path = join(target.skillsDir, skill.name, "SKILL.md");
    files.push(await planOwnedFile(path, skill.content, COPILOT_MARKER));
  }
  return { files, hooks, mcp };
}

/** What `baton uninstall copilot` would change: baton's hook file, skills and MCP server only. */
export async function planCopilotUninstall(target: CopilotTarget, now: Date): Promise<CopilotPlan> {
  const files: PlannedFile[] = [];
  const hookFile = await readOptional(target.hooksPath);
  if (hookFile !== null) {
    files.push(
      hookFile.includes(COPILOT_MARKER)
        ? { path: target.hooksPath, action: "remove" }
        : { path: target.hooksPath, action: "skip", reason: "was not written by baton" },
    );
  }
  const mcpFile = await readJson(target.mcpPath);
  if (mcpFile.text !== null) {
    const next = json(withMcpServer(mcpFile.value, ["mcpServers"], null));
    files.push(change(target.mcpPath, mcpFile, next, now));
  }
  for (const skill of copilotSkills("baton")) {
    const path = join(target.skillsDir, skill.name, "SKILL.md");
    const removal = await planOwnedRemoval(path, COPILOT_MARKER);
    if (removal !== null) files.push(removal);
  }
  return { files, hooks: {}, mcp: null };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
