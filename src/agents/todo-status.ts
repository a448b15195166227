import type { TodoStatus } from "../core/handoff.ts";

// Not `TodoStatus.safeParse`: that would load zod into every reader, and a hook or
// `baton read` would pay about 70 ms for it. The type keeps the list in step with the model.
const STATUSES: ReadonlySet<string> = new Set<TodoStatus>([
  "pending",
  "in_progress",
  "completed",
  "cancelled",
] satisfies TodoStatus[]);

/** An agent's todo status as baton's, or null for one it does not use (`deleted`, a typo). */
export function toTodoStatus(value: unknown): TodoStatus | null {
  return typeof value === "string" && STATUSES.has(value) ? (value as TodoStatus) : null;
}
