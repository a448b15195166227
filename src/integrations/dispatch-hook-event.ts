import { existsSync } from "node:fs";
import { describeError } from "../core/errors.ts";
import type { HookContext } from "./claude-code/hook-context.ts";
import { logHook } from "./claude-code/log-hook.ts";
import type { HookInput } from "./claude-code/read-hook-input.ts";
import { readStdinWithTimeout } from "./claude-code/read-hook-input.ts";
import type { HookStreams } from "./claude-code/run-claude-hook.ts";

export interface HookEventSpec<E extends string> {
  /** The agent's name in "unknown … event" ("Copilot "), or "" for Claude Code. */
  label: string;
  events: readonly E[];
  toEvent: (name: string) => E | null;
  /** The agent's stdin, in the fields the handlers read. */
  parse: (stdin: string) => HookInput;
  /** The event's answer for stdout, or null. */
  handle: (event: E, input: HookInput) => Promise<string | null>;
}

/**
 * One hook event of an agent: its name checked, its stdin read and parsed, the session's
 * folder checked, and its handler's answer written to stdout. It never throws and never
 * writes anything else: whatever goes wrong is a line in the hooks' log, and the agent's
 * session goes on as if baton were not installed.
 */
export async function dispatchHookEvent<E extends string>(
  name: string,
  streams: HookStreams,
  context: HookContext,
  spec: HookEventSpec<E>,
): Promise<void> {
  try {
    const event = spec.toEvent(name);
    if (event === null) {
      logHook(
        context,
        name || "(none)",
        `unknown ${spec.label}event; expected one of ${spec.events.join(", ")}`,
      );
      return;
    }
    const input = spec.parse(await readStdinWithTimeout(streams.stdin));
    // A session whose folder was removed: nothing of it to capture, and nowhere to write.
    if (input.cwd !== null && !existsSync(input.cwd)) {
      logHook(context, name, `the session's folder ${input.cwd} does not exist; nothing done`);
      return;
    }
    const answer = await spec.handle(event, input);
    if (answer !== null) streams.stdout.write(answer);
  } catch (error) {
    logHook(context, name, describeError(error));
  }
}
