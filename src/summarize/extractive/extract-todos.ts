import type { Todo } from "../../core/handoff.ts";
import { clipText } from "./clip-text.ts";
import type { ExtractContext } from "./extract-context.ts";

/**
 * The agent's own todo store as it stood last, verified. Open todos (in progress, then
 * pending) are never cut for completed ones; the completed fill what room is left.
 */
export function extractTodos(context: ExtractContext): Todo[] | null {
  const todos = context.session.todos;
  if (todos === null || todos.length === 0) return null;
  const all = todos
    .filter((todo) => todo.text.trim() !== "")
    .map((todo, index) => ({
      todo: {
        text: clipText(todo.text, context.limits.itemChars),
        status: todo.status,
        provenance: "verified" as const,
      },
      index,
    }));
  const isOpen = ({ todo }: (typeof all)[number]) =>
    todo.status === "in_progress" || todo.status === "pending";
  const limit = context.limits.todos;
  const room = Math.max(0, limit - all.filter(isOpen).length);
  const closed = all.filter((entry) => !isOpen(entry));
  const kept = [...all.filter(isOpen).slice(0, limit), ...(room > 0 ? closed.slice(-room) : [])];
  kept.sort((a, b) => a.index - b.index);
  return kept.length === 0 ? null : kept.map(({ todo }) => todo);
}
