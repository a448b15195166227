import { homedir } from "node:os";
import type { AgentReader, ReaderContext } from "../../agents/agent-reader.ts";
import type { Env } from "../baton-state-dir.ts";

/** Everything the MCP tools touch of their process, injected (the command binds the real one). */
export interface McpContext {
  /** The folder the client started the server in: its sessions and its handoffs. */
  cwd: string;
  env: Env;
  now: () => Date;
  /** The handoff folder, when not the default (`--dir`). */
  dir: string | undefined;
  /** The readers of every agent or of one, by id or alias: the registry's `loadReaders`. */
  loadReaders: (agent?: string) => Promise<AgentReader[]>;
  /** The agents whose sessions baton reads, for the tools' descriptions. */
  agents: readonly string[];
  /** The agent session the server runs in, when the agent says so in the environment. */
  running: { agent: string | null; session: string } | null;
  /** baton's version, announced to the client. */
  version: string;
}

export function readerContextOf(context: McpContext): ReaderContext {
  return { env: { ...context.env }, homedir: context.env.HOME ?? homedir() };
}

/** A path inside the folder as a relative one, like the CLI prints it. */
export function shownPath(context: McpContext, path: string): string {
  return path.startsWith(`${context.cwd}/`) ? path.slice(context.cwd.length + 1) : path;
}
