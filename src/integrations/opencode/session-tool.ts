import { z } from "zod";
import { clipLine } from "../../core/clip-line.ts";
import { defineTool } from "./baton-tool.ts";
import { validateAgent } from "./list-agents.ts";
import { dataOf } from "./opencode-client.ts";
import type { PluginContext } from "./plugin-context.ts";

const MODES = ["message", "new", "compact", "fork"] as const;

/**
 * seed 002's `session` tool. It always returns at once: `message` and `compact` are queued
 * until this session's turn ends (prompting the session from inside its own tool call
 * deadlocks it); `new` and `fork` prompt another session, which is free.
 */
export function sessionTool(context: PluginContext) {
  return defineTool({
    description:
      "Pass the conversation on. mode=message: the agent gets TEXT in this session after your turn " +
      "ends (turn-based collaboration). mode=new: a clean session where the agent starts with TEXT. " +
      "mode=compact: compact this session, then the agent continues with TEXT. mode=fork: a copy of " +
      "this session with its history, where the agent continues with TEXT. End your turn after calling it.",
    args: {
      text: z.string().min(1).describe("The message the agent receives."),
      mode: z.enum(MODES).describe("message | new | compact | fork"),
      agent: z
        .string()
        .optional()
        .describe("The agent to hand to (default: the current one), e.g. build or plan."),
    },
    async execute(args, tool) {
      const { client, directory } = context;
      const agent =
        args.agent === undefined || args.agent.trim() === ""
          ? tool.agent
          : await validateAgent(client, directory, args.agent.trim());
      const query = { directory };
      const parts = [{ type: "text" as const, text: args.text }];
      switch (args.mode) {
        case "message":
          context.relays.add(tool.sessionID, { kind: "message", agent, text: args.text });
          return `Queued: when this turn ends, ${agent} gets the message in this session. End your turn now.`;
        case "compact":
          context.relays.add(tool.sessionID, { kind: "compact", agent, text: args.text });
          return `Queued: when this turn ends, this session is compacted and ${agent} continues with the message. End your turn now.`;
        case "new": {
          const created = await dataOf(
            "session.create",
            client.session.create({ body: { title: titleFor(agent, args.text) }, query }),
          );
          // "Only the message": no waiting handoff is added at its start.
          context.startHandled.add(created.id);
          await dataOf(
            "session.promptAsync",
            client.session.promptAsync({ path: { id: created.id }, query, body: { agent, parts } }),
          );
          await openPicker(context);
          return `Started session ${created.id} with ${agent}; it has only the message, none of this history.`;
        }
        case "fork": {
          // Up to (not including) this assistant message, so the fork does not inherit this
          // half-finished tool call.
          const forked = await dataOf(
            "session.fork",
            client.session.fork({
              path: { id: tool.sessionID },
              query,
              body: { messageID: tool.messageID },
            }),
          );
          context.startHandled.add(forked.id);
          await dataOf(
            "session.promptAsync",
            client.session.promptAsync({ path: { id: forked.id }, query, body: { agent, parts } }),
          );
          await openPicker(context);
          return `Forked this session into ${forked.id}; ${agent} continues there with the message.`;
        }
      }
    },
  });
}

function titleFor(agent: string, text: string): string {
  return `${agent}: ${clipLine(text, 60, { collapse: "all" })}`;
}

async function openPicker(context: PluginContext): Promise<void> {
  await context.client.tui
    .openSessions({ query: { directory: context.directory } })
    .catch(() => undefined);
}
