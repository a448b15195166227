import type { AgentDescription } from "../agents/agent-description.ts";
import type { AgentIntegration } from "../integrations/agent-integration.ts";

/**
 * Bumped when the adapter's shape changes incompatibly: the registry refuses an adapter
 * written against another version instead of half-using it.
 */
export const AGENT_ADAPTER_CONTRACT = 1;

/** Everything baton knows about one agent: its description and, if any, its integration. */
export interface AgentAdapter extends AgentDescription {
  readonly contract: typeof AGENT_ADAPTER_CONTRACT;
  /** Loaded on use; null when baton has nothing to install into the agent. */
  readonly loadIntegration: (() => Promise<AgentIntegration>) | null;
}

const PARTS = [
  "id",
  "displayName",
  "aliases",
  "loadReader",
  "launch",
  "sessionStatePath",
  "sessionEnv",
  "loadIntegration",
] as const satisfies readonly (keyof AgentAdapter)[];

/**
 * One registry line: the agent's description joined with its integration. Every part must
 * be declared, `null` where the agent lacks it: one forgotten (a description built by hand,
 * or by JavaScript) is an error at the door, not a silent gap later.
 */
export function defineAdapter(
  agent: AgentDescription,
  loadIntegration: AgentAdapter["loadIntegration"] = null,
): AgentAdapter {
  const adapter = { ...agent, contract: AGENT_ADAPTER_CONTRACT, loadIntegration };
  checkAdapter(adapter);
  return adapter;
}

export function checkAdapter(adapter: unknown): asserts adapter is AgentAdapter {
  const candidate = adapter as Partial<Record<string, unknown>>;
  const name = typeof candidate.id === "string" ? candidate.id : "(unnamed)";
  if (candidate.contract !== AGENT_ADAPTER_CONTRACT) {
    throw new Error(
      `agent adapter ${name} is written for contract ${String(candidate.contract)}; this baton speaks ${AGENT_ADAPTER_CONTRACT}`,
    );
  }
  const missing = PARTS.filter((part) => candidate[part] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `agent adapter ${name} leaves ${missing.join(", ")} undeclared (say null for a part it lacks)`,
    );
  }
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`agent id "${name}" is not kebab-case`);
}
