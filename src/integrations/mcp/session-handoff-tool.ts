import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Session } from "../../core/session.ts";
import { previewArg, reviewRequest, SESSION_HANDOFF_ARGS } from "../session-handoff-args.ts";
import { type McpContext, readerContextOf, shownPath } from "./mcp-context.ts";
import { toolResult } from "./tool-result.ts";

const REVIEW = reviewRequest(
  "Nothing was written.",
  "Write this handoff? Reply yes to write it, or cancel.",
);

/**
 * seed 000's `session_handoff` for any MCP client: the model's summary and sections, git
 * and (when named) an agent session, through the one capture pipeline. It starts no new
 * session (an MCP server cannot); it returns the continuation prompt to start one with.
 */
export function registerSessionHandoff(server: McpServer, context: McpContext): void {
  server.registerTool(
    "session_handoff",
    {
      description:
        "Hand the work off to a new session when the context is filling up or the work moves on. " +
        "Writes a handoff document (git state, your summary and sections; with session_id or " +
        "latest=true also what baton extracts from that agent session) and returns the " +
        "continuation prompt to start the next session with, and the document's path. Give a " +
        "1-3 sentence summary. When the user asked for the handoff, call it with preview: true " +
        "first, show the draft and write it only once the user confirms.",
      inputSchema: {
        ...SESSION_HANDOFF_ARGS,
        session_id: z
          .string()
          .optional()
          .describe("Summarize this agent session too (an id or unique prefix, any agent)."),
        agent: z
          .string()
          .optional()
          .describe(`The agent of that session: ${context.agents.join(", ")}.`),
        latest: z
          .boolean()
          .optional()
          .describe("Summarize the newest session of this folder too (with agent: of that agent)."),
        preview: previewArg("the continuation prompt it would have, writing nothing"),
      },
    },
    (args) =>
      toolResult(context, async () => {
        const { captureHandoff } = await import("../../summarize/capture-handoff.ts");
        const { givenFromTool } = await import("../../summarize/given-from-tool.ts");
        const { renderPrompt } = await import("../../core/render-prompt.ts");
        const now = context.now();
        const session = await readNamedSession(context, args);
        const { preview, ...given } = args;
        const request = {
          cwd: context.cwd,
          env: context.env,
          now,
          dir: context.dir,
          session,
          source: {
            agent: context.running?.agent ?? null,
            sessionId: context.running?.session ?? null,
          },
          given: givenFromTool(given),
          trigger: "tool" as const,
          continueSession: session !== null,
          supersedeSameLine: true,
          thorough: true,
        };
        if (preview === true) {
          const { draftHandoff } = await import("../../summarize/capture-handoff.ts");
          const { likelyHandoffId } = await import("../../store/handoff-file-name.ts");
          const { draft } = await draftHandoff(request);
          const id = likelyHandoffId(draft, now);
          const prompt = renderPrompt({ ...draft, id }).text;
          return [`Handoff draft (about ${id}):`, "", prompt, "", REVIEW].join("\n");
        }
        const { handoff, path } = await captureHandoff(request);
        const shown = shownPath(context, path);
        const prompt = renderPrompt(handoff, { documentPath: shown }).text;
        return [
          `Handoff ${handoff.id} written: ${shown}`,
          "Start the next session with this continuation prompt:",
          "",
          prompt,
        ].join("\n");
      }),
  );
}

async function readNamedSession(
  context: McpContext,
  args: {
    session_id?: string | undefined;
    agent?: string | undefined;
    latest?: boolean | undefined;
  },
): Promise<Session | null> {
  const id = args.session_id?.trim().replace(/^`|`$/g, "") || undefined;
  if (id === undefined && !args.latest) return null;
  const { findSession } = await import("../../agents/find-sessions.ts");
  const { readSessionBounded } = await import("../../agents/read-session-bounded.ts");
  const readerContext = readerContextOf(context);
  const readers = await context.loadReaders(args.agent?.trim() || undefined);
  const { reader, info } = await findSession(readerContext, readers, {
    id,
    latest: args.latest,
    cwd: context.cwd,
  });
  return readSessionBounded(reader, info.location, readerContext);
}
