import type { Readable, Writable } from "node:stream";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { registerEnrichHandoff } from "./enrich-handoff-tool.ts";
import { registerListHandoffs } from "./list-handoffs-tool.ts";
import { registerListSessions } from "./list-sessions-tool.ts";
import type { McpContext } from "./mcp-context.ts";
import { registerReadSession } from "./read-session-tool.ts";
import { registerRequestHandoff } from "./request-handoff-tool.ts";
import { registerResumeHandoff } from "./resume-handoff-tool.ts";
import { registerSessionHandoff } from "./session-handoff-tool.ts";
import { registerShowHandoff } from "./show-handoff-tool.ts";

/** baton's tools, as an MCP server. */
export function createMcpServer(context: McpContext): McpServer {
  const server = new McpServer({ name: "baton", version: context.version });
  registerListSessions(server, context);
  registerReadSession(server, context);
  registerSessionHandoff(server, context);
  registerRequestHandoff(server, context);
  registerShowHandoff(server, context);
  registerListHandoffs(server, context);
  registerResumeHandoff(server, context);
  registerEnrichHandoff(server, context);
  return server;
}

export interface StdioStreams {
  stdin: Readable;
  stdout: Writable;
  /** Where the server's own troubles go (stderr): never stdout, which is the protocol's. */
  log: (line: string) => void;
}

/**
 * Serves the tools over stdio until the client closes stdin and every request it sent has
 * been answered. A line that is not JSON-RPC gets a JSON-RPC parse error, not an exit.
 */
export async function serveMcp(context: McpContext, io: StdioStreams): Promise<void> {
  const server = createMcpServer(context);
  const transport = new StdioServerTransport(io.stdin, io.stdout);
  await server.connect(transport);

  const pending = new Set<string | number>();
  let ended = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const settle = () => {
    if (ended && pending.size === 0) finish();
  };
  const receive = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ("method" in message && "id" in message) pending.add(message.id);
    receive?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    if (!("method" in message) && "id" in message && message.id !== undefined) {
      pending.delete(message.id);
      settle();
    }
  };
  const onerror = server.server.onerror;
  transport.onerror = (error) => {
    io.log(`baton mcp: ${error.message}`);
    onerror?.(error);
    if (error instanceof SyntaxError || error.name === "ZodError") {
      void send({
        jsonrpc: "2.0",
        id: null,
        error: { code: -32700, message: `Parse error: ${error.message}` },
      } as unknown as JSONRPCMessage);
    }
  };
  const end = () => {
    ended = true;
    settle();
  };
  io.stdin.once("end", end);
  io.stdin.once("close", end);
  server.server.onclose = finish;
  await done;
  await server.close();
}
