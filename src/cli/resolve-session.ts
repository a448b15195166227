import { adaptersWith } from "../adapters/registry.ts";
import type { CliIo } from "./cli-io.ts";

export interface SessionRef {
  session: string;
  agent: string | null;
}

/** Environment variables that name the agent session a command runs inside. */
const SESSION_ENV: ReadonlyArray<readonly [string, string | null]> = [
  ["BATON_SESSION_ID", null],
  ...adaptersWith("sessionEnv").map((adapter) => [adapter.sessionEnv, adapter.id] as const),
];

/** "$BATON_SESSION_ID, else $CLAUDE_CODE_SESSION_ID", for the help. */
export const SESSION_ENV_NAMES = SESSION_ENV.map(([name]) => `$${name}`).join(", else ");

export function sessionFromEnv(env: CliIo["env"]): SessionRef | null {
  for (const [name, agent] of SESSION_ENV) {
    const value = env[name]?.trim();
    if (value) return { session: value, agent };
  }
  return null;
}

/**
 * The session that claims a handoff: `--session`, else the agent session we run in, else
 * one made up for this terminal command so the claim still names who took it.
 */
export function resolveClaimSession(flag: string | undefined, io: CliIo): SessionRef {
  const given = flag?.trim();
  if (given) return { session: given, agent: sessionFromEnv(io.env)?.agent ?? null };
  return sessionFromEnv(io.env) ?? { session: `cli-${io.pid}-${io.now().getTime()}`, agent: null };
}
