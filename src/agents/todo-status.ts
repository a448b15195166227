import { TodoStatus } from "../core/handoff.ts";

/** An agent's todo status as baton's, or null for one it does not use (`deleted`, a typo). */
export function toTodoStatus(value: unknown): TodoStatus | null {
  const parsed = TodoStatus.safeParse(value);
  return parsed.success ? parsed.data : null;
}
