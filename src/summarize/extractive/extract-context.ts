import { classifyUserText, type UserTextKind } from "../../agents/classify-user-text.ts";
import type { Session, SessionMessage, ToolCall } from "../../core/session.ts";
import type { GitState } from "../../git/capture-git.ts";
import type { PlanFile } from "../../git/find-plan-files.ts";
import type { SizeLimits } from "./size-presets.ts";

/** A tool call with its place in the session: `seq` orders every call, `message` its turn. */
export interface PlacedCall {
  call: ToolCall;
  seq: number;
  message: number;
}

/** What every extractor reads: the session, git, and indexes built once. */
export interface ExtractContext {
  session: Session;
  git: GitState;
  /** Paths are shown relative to this: git's root, else the session's cwd. */
  root: string | null;
  limits: SizeLimits;
  planFiles: readonly PlanFile[];
  messages: readonly SessionMessage[];
  /** Each message's kind when it is a user message, else null. */
  userKinds: ReadonlyArray<UserTextKind | null>;
  calls: readonly PlacedCall[];
}

export function makeExtractContext(
  session: Session,
  git: GitState,
  limits: SizeLimits,
  planFiles: readonly PlanFile[],
): ExtractContext {
  const messages = session.messages;
  const calls: PlacedCall[] = [];
  messages.forEach((message, index) => {
    for (const call of message.toolCalls) calls.push({ call, seq: calls.length, message: index });
  });
  return {
    session,
    git,
    root: git.inRepo ? git.root : session.cwd,
    limits,
    planFiles,
    messages,
    userKinds: messages.map((m) => (m.role === "user" ? classifyUserText(m.text) : null)),
    calls,
  };
}

/** Is there a message from the person (not a command or injected text) after `index`? */
export function hasRequestAfter(context: ExtractContext, index: number): boolean {
  for (let i = index + 1; i < context.userKinds.length; i++) {
    if (context.userKinds[i] === "request") return true;
  }
  return false;
}
