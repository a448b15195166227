import type { FileTouch, FileTouchKind } from "../core/session.ts";

/** Accumulates which files a session touched, how, how often and when last. */
export class FileTouches {
  private readonly files = new Map<string, FileTouch>();

  touch(path: string, kind: FileTouchKind, at: string | null): void {
    const existing = this.files.get(path);
    if (!existing) {
      this.files.set(path, { path, kinds: [kind], count: 1, lastAt: at });
      return;
    }
    if (!existing.kinds.includes(kind)) existing.kinds.push(kind);
    existing.count += 1;
    if (at && (existing.lastAt === null || at > existing.lastAt)) existing.lastAt = at;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  list(): FileTouch[] {
    return [...this.files.values()];
  }
}
