import type { HookContext } from "../claude-code/hook-context.ts";
import { parseHookInput } from "../claude-code/read-hook-input.ts";
import { type HookStreams, runClaudeHook } from "../claude-code/run-claude-hook.ts";
import { dispatchHookEvent } from "../dispatch-hook-event.ts";
import { GEMINI_HOOK_EVENTS, toGeminiHookEvent } from "./gemini-hook-events.ts";

/** baton's own background step of a SessionStart claim; not a Gemini CLI event. */
const CLAIM_WORKER = "claim-handoff";

/**
 * Runs one Gemini CLI hook. Gemini 0.61.0 sends the stdin fields Claude Code does
 * (`session_id`, `transcript_path` — the chat file —, `cwd`, `hook_event_name`, `source`,
 * `trigger`) and reads `hookSpecificOutput.additionalContext` from SessionStart and
 * BeforeAgent, so the Claude Code handlers serve, run with Gemini's id and chat reader.
 * Never throws; prints only the event's JSON answer (Gemini parses stdout, or stderr when
 * stdout is empty, as the hook's output).
 */
export async function runGeminiHook(
  args: readonly string[],
  streams: HookStreams,
  base: HookContext,
): Promise<void> {
  const [name = "", ...rest] = args;
  const context: HookContext = {
    ...base,
    agent: {
      id: "gemini-cli",
      loadReader: async () =>
        (await import("../../agents/gemini-cli/gemini-cli-reader.ts")).geminiCliReader,
    },
  };
  // The claim worker is the Claude Code runner's, run with Gemini's id.
  if (name === CLAIM_WORKER) return runClaudeHook([name, ...rest], streams, context);
  await dispatchHookEvent(name, streams, context, {
    label: "Gemini CLI ",
    events: GEMINI_HOOK_EVENTS,
    toEvent: toGeminiHookEvent,
    parse: parseHookInput,
    handle: (event, input) => handle(event, input, context),
  });
}

async function handle(
  event: (typeof GEMINI_HOOK_EVENTS)[number],
  input: ReturnType<typeof parseHookInput>,
  context: HookContext,
): Promise<string | null> {
  switch (event) {
    case "SessionStart": {
      const { handleSessionStart } = await import("../claude-code/session-start-hook.ts");
      return handleSessionStart(input, context);
    }
    case "PreCompress": {
      const { compressionDue } = await import("./compression-due.ts");
      const due = await compressionDue({
        trigger: input.trigger,
        transcriptPath: input.transcriptPath,
        cwd: input.cwd ?? context.cwd,
        env: context.env,
        homedir: context.homedir,
      });
      if (!due) return null;
      const { captureCompactHandoff } = await import("../claude-code/capture-compact-handoff.ts");
      await captureCompactHandoff(input, context);
      return null;
    }
    case "BeforeAgent": {
      const { acknowledgeHandoff } = await import("../claude-code/acknowledge-handoff.ts");
      await acknowledgeHandoff("UserPromptSubmit", input, context);
      const { contextAfterCompress } = await import("./inject-after-compress.ts");
      const text = await contextAfterCompress(input, context);
      if (text === null) return null;
      return JSON.stringify({
        hookSpecificOutput: { hookEventName: "BeforeAgent", additionalContext: text },
      });
    }
    case "AfterAgent": {
      const { acknowledgeHandoff } = await import("../claude-code/acknowledge-handoff.ts");
      await acknowledgeHandoff("Stop", input, context);
      return null;
    }
  }
}
