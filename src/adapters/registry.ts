import type { AgentReader } from "../agents/agent-reader.ts";
import { claudeCodeAgent } from "../agents/claude-code/claude-code-agent.ts";
import { clineAgent } from "../agents/cline/cline-agent.ts";
import { codexAgent } from "../agents/codex/codex-agent.ts";
import { continueAgent } from "../agents/continue/continue-agent.ts";
import { copilotAgent } from "../agents/copilot/copilot-agent.ts";
import { geminiCliAgent } from "../agents/gemini-cli/gemini-cli-agent.ts";
import { kiloAgent } from "../agents/kilo/kilo-agent.ts";
import { nanocoderAgent } from "../agents/nanocoder/nanocoder-agent.ts";
import { openCodeAgent } from "../agents/opencode/opencode-agent.ts";
import { piAgent } from "../agents/pi/pi-agent.ts";
import { qwenCodeAgent } from "../agents/qwen-code/qwen-code-agent.ts";
import { BatonError } from "../core/errors.ts";
import { type AgentAdapter, defineAdapter } from "./agent-adapter.ts";

/**
 * Every agent baton knows, one line each: adding an agent is its folder under `agents/`
 * (and `integrations/`, if baton installs into it) and its line here. Nothing else in the
 * program names an agent.
 */
export const AGENT_ADAPTERS: readonly AgentAdapter[] = checkUnique([
  defineAdapter(
    claudeCodeAgent,
    async () =>
      (await import("../integrations/claude-code/claude-code-integration.ts"))
        .claudeCodeIntegration,
  ),
  defineAdapter(
    codexAgent,
    async () => (await import("../integrations/codex/codex-integration.ts")).codexIntegration,
  ),
  defineAdapter(
    openCodeAgent,
    async () =>
      (await import("../integrations/opencode/opencode-integration.ts")).openCodeIntegration,
  ),
  defineAdapter(
    copilotAgent,
    async () => (await import("../integrations/copilot/copilot-integration.ts")).copilotIntegration,
  ),
  defineAdapter(
    geminiCliAgent,
    async () =>
      (await import("../integrations/gemini-cli/gemini-cli-integration.ts")).geminiCliIntegration,
  ),
  defineAdapter(qwenCodeAgent),
  defineAdapter(
    piAgent,
    async () => (await import("../integrations/pi/pi-integration.ts")).piIntegration,
  ),
  defineAdapter(kiloAgent),
  defineAdapter(continueAgent),
  defineAdapter(nanocoderAgent),
  defineAdapter(clineAgent),
]);

function checkUnique(adapters: AgentAdapter[]): AgentAdapter[] {
  const seen = new Set<string>();
  for (const name of adapters.flatMap((adapter) => [adapter.id, ...adapter.aliases])) {
    if (seen.has(name)) throw new Error(`agent name "${name}" is registered twice`);
    seen.add(name);
  }
  return adapters;
}

/** The adapters that have a given part, e.g. `adaptersWith("loadIntegration")`. */
export function adaptersWith<K extends keyof AgentAdapter>(
  part: K,
): (AgentAdapter & { [P in K]: NonNullable<AgentAdapter[P]> })[] {
  return AGENT_ADAPTERS.filter((adapter) => adapter[part] !== null) as (AgentAdapter & {
    [P in K]: NonNullable<AgentAdapter[P]>;
  })[];
}

/** The ids of the agents that have a part, for help texts and usage errors. */
export function agentIdsWith(part: keyof AgentAdapter): string[] {
  return adaptersWith(part).map((adapter) => adapter.id);
}

/**
 * The adapter an agent name means (its id or an alias), that has the part a command needs;
 * else a usage error naming the agents that have it.
 */
export function findAdapter<K extends keyof AgentAdapter>(
  name: string | undefined,
  part: K,
  what: string,
): AgentAdapter & { [P in K]: NonNullable<AgentAdapter[P]> } {
  const able = adaptersWith(part);
  const choices = able.map((adapter) => adapter.id).join(", ");
  if (name === undefined) throw new BatonError("usage", `name the agent ${what}: ${choices}`);
  const adapter = AGENT_ADAPTERS.find((a) => a.id === name || a.aliases.includes(name));
  if (adapter === undefined) {
    throw new BatonError("usage", `unknown agent "${name}"; the agents ${what} are ${choices}`);
  }
  const found = able.find((a) => a.id === adapter.id);
  if (found === undefined) {
    throw new BatonError(
      "usage",
      `${adapter.displayName} is not one of the agents ${what}: ${choices}`,
    );
  }
  return found;
}

/** The readers of every agent baton can read, or of one. */
export async function loadReaders(name?: string): Promise<AgentReader[]> {
  if (name !== undefined) return [await loadReader(name)];
  return Promise.all(adaptersWith("loadReader").map((adapter) => adapter.loadReader()));
}

/** The display name of an agent id (or alias), or the id itself for one baton does not know. */
export function displayNameOf(name: string): string {
  return AGENT_ADAPTERS.find((a) => a.id === name || a.aliases.includes(name))?.displayName ?? name;
}

/** The agent id a name means, for ids written by other tools (seed 001 writes `claude`). */
export function agentIdOf(name: string): string {
  return AGENT_ADAPTERS.find((a) => a.id === name || a.aliases.includes(name))?.id ?? name;
}

/** The reader of one agent, by id or alias; a usage error for an agent baton cannot read. */
export async function loadReader(name: string): Promise<AgentReader> {
  return findAdapter(name, "loadReader", "whose sessions baton reads").loadReader();
}
