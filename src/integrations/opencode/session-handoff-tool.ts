import { dirname } from "node:path";
import { describeError } from "../../core/errors.ts";
import { openStore } from "../../store/open-store.ts";
import { givenFromTool } from "../../summarize/given-from-tool.ts";
import { previewArg, reviewRequest, SESSION_HANDOFF_ARGS } from "../session-handoff-args.ts";
import { defineTool } from "./baton-tool.ts";
import { captureOpenCodeHandoff, draftOpenCodeHandoff } from "./capture-opencode-handoff.ts";
import { logPlugin } from "./log-plugin.ts";
import { dataOf } from "./opencode-client.ts";
import type { PluginContext } from "./plugin-context.ts";

const ARGS = {
  ...SESSION_HANDOFF_ARGS,
  preview: previewArg(
    "what the new session would start with, writing nothing and starting nothing",
  ),
};

const REVIEW = reviewRequest(
  "Nothing was written and no session was started.",
  "Start a new session with this handoff? Reply yes to start it, or cancel.",
);

/**
 * seed 000's `session_handoff`: the handoff document with git state, then a new session
 * that starts from the continuation prompt with the same agent and model. The prompt goes
 * through `promptAsync` to the *new* session: prompting the calling session, which is
 * locked until this tool returns, would deadlock.
 */
export function sessionHandoffTool(context: PluginContext) {
  return defineTool({
    description:
      "Hand this session off to a new session when the context is filling up or the work moves on. " +
      "Writes a handoff document (git state, todos, your summary), starts a new session titled " +
      '"Handoff: <this title>" with the same agent and model, and opens the session picker. ' +
      "Give a 1-3 sentence summary; the todos and git state are gathered for you. " +
      "When the user asked for the handoff (/session-handoff), call it with preview: true first, " +
      "show the draft and start the new session only once the user confirms.",
    args: ARGS,
    async execute(args, tool) {
      const { client, directory, env } = context;
      const { preview, ...given } = args;
      const input = {
        client,
        directory,
        sessionId: tool.sessionID,
        trigger: "tool" as const,
        given: givenFromTool(given),
        env,
        thorough: true,
      };
      if (preview === true) {
        const draft = await draftOpenCodeHandoff(input);
        return [`Handoff draft (about ${draft.id}):`, "", draft.prompt, "", REVIEW].join("\n");
      }
      const captured = await captureOpenCodeHandoff(input);
      const { handoff, path, prompt, live } = captured;
      const title = `Handoff: ${live.title ?? tool.sessionID}`;
      const created = await dataOf(
        "session.create",
        client.session.create({ body: { title }, query: { directory } }),
      );
      // It starts from this handoff: the start-up injection must not give it one too.
      context.startHandled.add(created.id);
      const agent = live.agent ?? tool.agent;
      await dataOf(
        "session.promptAsync",
        client.session.promptAsync({
          path: { id: created.id },
          query: { directory },
          body: {
            agent,
            ...(live.model === null ? {} : { model: live.model }),
            parts: [{ type: "text", text: prompt }],
          },
        }),
      ).catch((error: unknown) => {
        throw new Error(
          `wrote ${path} and created session ${created.id}, but could not send it the prompt: ${describeError(error)}`,
        );
      });
      const store = openStore({ root: directory, dir: dirname(path), env: { ...env } });
      const claimed = await store
        .claim(handoff.id, { session: created.id, agent: "opencode" })
        .then(() => true)
        .catch((error: unknown) => {
          logPlugin(
            env,
            "session_handoff",
            `could not claim ${handoff.id}: ${describeError(error)}`,
          );
          return false;
        });
      if (claimed) {
        context.pendingRestores.set(created.id, {
          root: directory,
          dir: dirname(path),
          handoffId: handoff.id,
        });
      }
      // Opens the picker in the TUI; it does not switch anyone's session, so other
      // clients attached to this server are not dragged along.
      const picker = await client.tui
        .openSessions({ query: { directory } })
        .then((result) => result.error === undefined)
        .catch(() => false);
      const model =
        live.model === null
          ? "its default model"
          : `${live.model.providerID}/${live.model.modelID}`;
      return [
        `Handoff written: ${path}`,
        `New session ${created.id} "${title}" started with agent ${agent} and ${model}; it received the continuation prompt.`,
        picker
          ? "The session picker is open: switch to the new session to continue there."
          : "Switch to the new session in the session list to continue there.",
        "Stop working in this session now.",
      ].join("\n");
    },
  });
}
