import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { newestOpen } from "../newest-open-handoff.ts";
import { type McpContext, shownPath } from "./mcp-context.ts";
import { toolResult } from "./tool-result.ts";

/**
 * The continuation prompt of the newest open handoff (of this branch, else of any), or of
 * one by id, like `baton show --prompt`: nothing is claimed or changed.
 */
export function registerShowHandoff(server: McpServer, context: McpContext): void {
  server.registerTool(
    "show_handoff",
    {
      description:
        "The continuation prompt of the newest open handoff in this repository (of the current " +
        "branch when there is one), or of the handoff with the given id: where the previous " +
        "session left the work. It does not claim the handoff.",
      inputSchema: {
        id: z
          .string()
          .optional()
          .describe("A handoff id or unique prefix (default: the newest open)."),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      toolResult(context, async () => {
        const { openProject } = await import("../../summarize/open-project.ts");
        const { renderPrompt } = await import("../../core/render-prompt.ts");
        const { git, root, store } = await openProject({
          cwd: context.cwd,
          env: context.env,
          now: context.now,
          dir: context.dir,
        });
        const id = args.id?.trim() || undefined;
        const entry = id === undefined ? await newestOpen(store, git.branch) : await store.get(id);
        const { handoff } = entry;
        const shown = shownPath(context, entry.path);
        // The model asks for this itself, with nobody reviewing: a handoff not signed by a
        // trusted key is named, never shown.
        const { judgeHandoff, readTrustSet } = await import("../../safety/trust-store.ts");
        const { sharedRoot } = await import("../../store/shared-root.ts");
        const verdict = judgeHandoff(handoff, readTrustSet(context.env, sharedRoot(root)));
        if (!verdict.trusted) {
          const { unverifiedNotice } = await import("../unverified-notice.ts");
          return unverifiedNotice(entry.path, verdict.signer);
        }
        const prompt = renderPrompt(handoff, { documentPath: shown }).text;
        return [`Handoff ${handoff.id} (${handoff.status}): ${shown}`, "", prompt].join("\n");
      }),
  );
}
