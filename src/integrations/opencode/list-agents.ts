import { BatonError } from "../../core/errors.ts";
import { dataOf, type OpenCodeClient } from "./opencode-client.ts";

/** The agents a session can be handed to: the configured primary ones, not subagents or hidden ones. */
export async function listPrimaryAgents(
  client: OpenCodeClient,
  directory: string,
): Promise<string[]> {
  const agents = await dataOf("app.agents", client.app.agents({ query: { directory } }));
  return agents
    .filter((agent) => agent.mode !== "subagent" && (agent as { hidden?: unknown }).hidden !== true)
    .map((agent) => agent.name);
}

/** The agent named, checked against the configured ones; the error lists the valid names. */
export async function validateAgent(
  client: OpenCodeClient,
  directory: string,
  name: string,
): Promise<string> {
  const valid = await listPrimaryAgents(client, directory);
  if (valid.includes(name)) return name;
  throw new BatonError(
    "usage",
    `unknown agent "${name}"; valid agents: ${valid.length > 0 ? valid.join(", ") : "(none configured)"}`,
  );
}
