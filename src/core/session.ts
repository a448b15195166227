import { z } from "zod";
import { TodoStatus } from "./handoff.ts";

/**
 * The common model every agent reader produces from its agent's native session store.
 * Readers parse other people's formats loosely: whatever they could not understand is
 * counted in `warnings`, never fatal.
 */
export const SESSION_MODEL_VERSION = 1;

export const ToolCategory = z.enum([
  "shell",
  "read",
  "write",
  "edit",
  "search",
  "fetch",
  "task",
  "todo",
  "mcp",
  "other",
]);
export type ToolCategory = z.infer<typeof ToolCategory>;

export const ToolCall = z.object({
  id: z.string().nullable(),
  /** The agent's own tool name, e.g. `Bash`, `shell_command`, `bash`. */
  name: z.string(),
  category: ToolCategory,
  input: z.unknown(),
  /** The tool's output as text, capped by the reader. */
  output: z.string().nullable(),
  /** A shell command's exit code, when the agent recorded one. */
  exitCode: z.number().int().nullable(),
  isError: z.boolean(),
  /**
   * True when the call never got its result: still running when the session was read (a
   * background or unified-exec process, an OpenCode part in state `running`), or the session
   * ended first. Such a call neither passed nor failed.
   */
  unfinished: z.boolean().optional(),
  /** For shell calls: the command line as one string. */
  command: z.string().nullable(),
  /** Files this call read or changed, as the agent recorded them (absolute or cwd-relative). */
  paths: z.array(z.string()),
  at: z.string().nullable(),
});
export type ToolCall = z.infer<typeof ToolCall>;

export const MessageRole = z.enum(["user", "assistant"]);
export type MessageRole = z.infer<typeof MessageRole>;

export const SessionMessage = z.object({
  id: z.string().nullable(),
  role: MessageRole,
  /** The text the person typed or the model wrote; tool traffic is in `toolCalls`. */
  text: z.string(),
  toolCalls: z.array(ToolCall),
  model: z.string().nullable(),
  at: z.string().nullable(),
});
export type SessionMessage = z.infer<typeof SessionMessage>;

export const FileTouchKind = z.enum(["read", "created", "written", "edited", "deleted"]);
export type FileTouchKind = z.infer<typeof FileTouchKind>;

export const FileTouch = z.object({
  path: z.string(),
  kinds: z.array(FileTouchKind),
  count: z.number().int().nonnegative(),
  lastAt: z.string().nullable(),
});
export type FileTouch = z.infer<typeof FileTouch>;

export const SessionTodo = z.object({
  text: z.string(),
  status: TodoStatus,
});
export type SessionTodo = z.infer<typeof SessionTodo>;

export const TokenUsage = z.object({
  input: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  cacheRead: z.number().int().nonnegative(),
  cacheWrite: z.number().int().nonnegative(),
  reasoning: z.number().int().nonnegative(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

export const CompactionSummary = z.object({
  text: z.string(),
  at: z.string().nullable(),
  trigger: z.string().nullable(),
});
export type CompactionSummary = z.infer<typeof CompactionSummary>;

export const SubagentRef = z.object({
  id: z.string(),
  description: z.string().nullable(),
  path: z.string().nullable(),
});
export type SubagentRef = z.infer<typeof SubagentRef>;

/** What a reader skipped, by reason, so `--verbose` can say what was not understood. */
export const ParseWarnings = z.record(z.string(), z.number().int().nonnegative());
export type ParseWarnings = z.infer<typeof ParseWarnings>;

export const Session = z.object({
  agent: z.string(),
  id: z.string(),
  /** Where the session lives: a transcript file, or `db#session-id`. */
  location: z.string(),
  title: z.string().nullable(),
  cwd: z.string().nullable(),
  branch: z.string().nullable(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  agentMode: z.string().nullable(),
  agentVersion: z.string().nullable(),
  startedAt: z.string().nullable(),
  lastActivityAt: z.string().nullable(),
  /**
   * The most recent messages, oldest first, at most the reader's window (default 2,000):
   * memory stays flat however long the session ran. `messageCount` counts them all.
   */
  messages: z.array(SessionMessage),
  messageCount: z.number().int().nonnegative(),
  /** The session's first user message, kept even when the window has moved past it. */
  firstUserMessage: SessionMessage.nullable(),
  files: z.array(FileTouch),
  todos: z.array(SessionTodo).nullable(),
  usage: TokenUsage.nullable(),
  compactions: z.array(CompactionSummary),
  subagents: z.array(SubagentRef),
  parentId: z.string().nullable(),
  warnings: ParseWarnings,
});
export type Session = z.infer<typeof Session>;
