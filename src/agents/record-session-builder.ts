import type { CompactionSummary, FileTouch, ParseWarnings } from "../core/session.ts";
import { FileTouches } from "./file-touches.ts";
import { type JsonObject, parseRecordLine } from "./json-values.ts";
import { MessageWindow } from "./message-window.ts";

/**
 * What every builder of a session from JSON-lines records shares (Claude Code's transcript,
 * Codex's rollout): the message window, the warnings, the compactions, the session's
 * identity and times, the files touched. Each agent's builder adds how its records fold.
 */
export abstract class RecordSessionBuilder {
  readonly window = new MessageWindow();
  readonly warnings: ParseWarnings = {};
  readonly compactions: CompactionSummary[] = [];
  sessionId: string | null = null;
  cwd: string | null = null;
  branch: string | null = null;
  model: string | null = null;
  version: string | null = null;
  startedAt: string | null = null;
  lastActivityAt: string | null = null;

  protected readonly files = new FileTouches();

  addLine(line: string, complete: boolean): void {
    const record = parseRecordLine(line, complete, this.warnings);
    if (record) this.addRecord(record);
  }

  /** The record of `bytes[start, end)` with the parts the builder never reads left out. */
  abstract slimRecord(bytes: Buffer, start: number, end: number): JsonObject | null;

  abstract addRecord(record: JsonObject): void;

  /** A record's time: the first one is the session's start, the latest its last activity. */
  protected noteTime(at: string | null): void {
    if (!at) return;
    this.startedAt ??= at;
    if (this.lastActivityAt === null || at > this.lastActivityAt) this.lastActivityAt = at;
  }

  fileTouches(): FileTouch[] {
    return this.files.list();
  }
}
