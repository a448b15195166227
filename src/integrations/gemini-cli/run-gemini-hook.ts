import { existsSync } from "node:fs";
import { describeError } from "../../core/errors.ts";
import type { HookContext } from "../claude-code/hook-context.ts";
import { parseHookInput, readStdinWithTimeout } from "../claude-code/read-hook-input.ts";
import type { HookStreams } from "../claude-code/run-claude-hook.ts";
import { GEMINI_HOOK_EVENTS, toGeminiHookEvent } from "./gemini-hook-events.ts";
import { logGeminiHook } from "./log-gemini-hook.ts";

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
  try {
    if (name === CLAIM_WORKER) {
      const { claimInBackground } = await import("../claude-code/restore-claimed.ts");
      await claimInBackground(JSON.parse(rest[0] ?? "{}"), context);
      return;
    }
    const event = toGeminiHookEvent(name);
    if (event === null) {
      logGeminiHook(
        context.env,
        name || "(none)",
        `unknown Gemini CLI event; expected one of ${GEMINI_HOOK_EVENTS.join(", ")}`,
      );
      return;
    }
    const input = parseHookInput(await readStdinWithTimeout(streams.stdin));
    if (input.cwd !== null && !existsSync(input.cwd)) {
      logGeminiHook(
        context.env,
        name,
        `the session's folder ${input.cwd} does not exist; nothing done`,
      );
      return;
    }
    const answer = await handle(event, input, context);
    if (answer !== null) streams.stdout.write(answer);
  } catch (error) {
    logGeminiHook(context.env, name, describeError(error));
  }
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
