import { existsSync } from "node:fs";
import type { TodoStatus } from "../../core/handoff.ts";
import type { ParseWarnings, SessionTodo } from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { str } from "../json-values.ts";
import { openSqliteReadOnly, type ReadOnlyDb } from "../open-sqlite-readonly.ts";

const STATUSES: Record<string, TodoStatus> = {
  pending: "pending",
  in_progress: "in_progress",
  done: "completed",
  // Blocked work is still to do; the handoff has no status of its own for it.
  blocked: "pending",
};

/**
 * Copilot keeps its todo list in the session's own SQLite file (`session.db`, table
 * `todos`: id, title, description, status pending|in_progress|done|blocked), which the
 * model fills through its `sql` tool. Opened read-only; null when the session never made
 * one (no file, or no table). Opened so that not a byte of it changes, WAL or not
 * (open-sqlite-readonly.ts), and `node:sqlite` is loaded only then.
 */
export function readCopilotTodos(dbPath: string, warnings: ParseWarnings): SessionTodo[] | null {
  if (!existsSync(dbPath)) return null;
  let opened: ReadOnlyDb | undefined;
  try {
    opened = openSqliteReadOnly(dbPath, { timeout: 2_000 });
    const { db } = opened;
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'todos'")
      .get();
    if (table === undefined) return null;
    const rows = db.prepare("SELECT title, status FROM todos ORDER BY rowid").all() as Array<
      Record<string, unknown>
    >;
    const todos: SessionTodo[] = [];
    for (const row of rows) {
      const text = str(row.title)?.trim();
      const status = STATUSES[str(row.status) ?? ""];
      if (text && status) todos.push({ text, status });
      else addWarning(warnings, "todo row without a title or a known status");
    }
    return todos;
  } catch (error) {
    addWarning(warnings, `session.db unreadable: ${(error as Error).message.split("\n")[0]}`);
    return null;
  } finally {
    opened?.close();
  }
}
