import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { BatonError } from "../../core/errors.ts";
import type { HandoffStore } from "../../store/open-store.ts";
import { type McpContext, shownPath } from "./mcp-context.ts";
import { toolResult } from "./tool-result.ts";

/**
 * `baton resume` as a tool: the continuation prompt of the newest open handoff of this
 * branch (else the newest open one), or of one by id, claimed by the session the server
 * runs in. Claimed, not restored: the lease runs out if the session never proceeds.
 */
export function registerResumeHandoff(server: McpServer, context: McpContext): void {
  server.registerTool(
    "resume_handoff",
    {
      description:
        "Take over the work a previous session handed off: returns the continuation prompt of " +
        "the newest open handoff of this branch (or of the given id) and marks it claimed by " +
        "this session, with how the work tree moved since. Continue from it.",
      inputSchema: {
        id: z
          .string()
          .trim()
          .min(1)
          .optional()
          .describe("A handoff id or unique prefix (default: the newest open one)."),
        budget: z
          .number()
          .int()
          .min(50)
          .max(20_000)
          .optional()
          .describe("Token budget of the prompt (default 400)."),
      },
    },
    (args) =>
      toolResult(context, async () => {
        const { openProject } = await import("../../summarize/open-project.ts");
        const { describeDrift } = await import("../../summarize/describe-drift.ts");
        const { renderPrompt } = await import("../../core/render-prompt.ts");
        const { git, store } = await openProject({
          cwd: context.cwd,
          env: context.env,
          now: context.now,
          dir: context.dir,
        });
        const id = args.id ?? (await newestOpenId(store, git.branch));
        const claimer = context.running ?? {
          session: `mcp-${context.now().getTime()}`,
          agent: null,
        };
        const entry = await store.claim((await store.get(id)).id, claimer);
        const { handoff } = entry;
        const shown = shownPath(context, entry.path);
        const prompt = renderPrompt(handoff, { budget: args.budget, documentPath: shown }).text;
        const drift = await describeDrift(handoff, git, { ...context.env });
        return [
          `Handoff ${handoff.id} claimed for session ${claimer.session}: ${shown}`,
          ...drift.map((line) => `Note: ${line}`),
          "",
          prompt,
        ].join("\n");
      }),
  );
}

async function newestOpenId(store: HandoffStore, branch: string | null): Promise<string> {
  const open = (await store.list()).flatMap((entry) =>
    entry.ok && entry.handoff.status === "open" ? [entry] : [],
  );
  const newest = open.find((entry) => entry.handoff.branch === branch) ?? open[0];
  if (newest === undefined) {
    throw new BatonError("not-found", `no open handoff to resume in ${store.dir}`);
  }
  return newest.id;
}
