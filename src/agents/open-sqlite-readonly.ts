import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";

/**
 * `node:sqlite`, loaded on first use: OpenCode runs baton's plugin under Bun, which has no
 * `node:sqlite`, and the plugin imports readers that only touch a database when asked to.
 */
let loaded: typeof import("node:sqlite") | undefined;
function sqlite(): typeof import("node:sqlite") {
  loaded ??= createRequire(import.meta.url)("node:sqlite") as typeof import("node:sqlite");
  return loaded;
}

export interface ReadOnlyDb {
  db: DatabaseSync;
  /** Closes the database and removes the copy, if one was made. */
  close(): void;
}

/**
 * Opens an agent's SQLite database without changing a byte of it. A rollback-journal
 * database is opened read-only as it is (its readers write nothing, and wait for a
 * writer's lock). But even a read-only connection writes its read marks into a WAL
 * database's `-shm` file, so a WAL database with no pending `-wal` is opened `immutable`
 * (SQLite then touches no file at all), and one whose `-wal` holds pages not yet
 * checkpointed (the agent is running) is read from a copy of the database and its `-wal`,
 * made in a temporary folder and removed on close.
 */
export function openSqliteReadOnly(path: string, options: { timeout?: number } = {}): ReadOnlyDb {
  if (!isWalDatabase(path)) {
    const db = new (sqlite().DatabaseSync)(path, { readOnly: true, timeout: options.timeout });
    return { db, close: () => db.close() };
  }
  const wal = `${path}-wal`;
  const pending = existsSync(wal) && statSync(wal).size > 0;
  if (!pending) {
    const url = pathToFileURL(path);
    url.searchParams.set("immutable", "1");
    const db = new (sqlite().DatabaseSync)(url, { readOnly: true, timeout: options.timeout });
    return { db, close: () => db.close() };
  }
  const folder = mkdtempSync(join(tmpdir(), "baton-sqlite-"));
  try {
    const copy = join(folder, basename(path));
    copyFileSync(path, copy);
    copyFileSync(wal, `${copy}-wal`);
    const db = new (sqlite().DatabaseSync)(copy, { readOnly: false, timeout: options.timeout });
    return {
      db,
      close: () => {
        db.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** The file format bytes of the header (offsets 18 and 19) are 2 in WAL mode, 1 otherwise. */
function isWalDatabase(path: string): boolean {
  const header = Buffer.alloc(20);
  const fd = openSync(path, "r");
  try {
    if (readSync(fd, header, 0, 20, 0) < 20) return false;
  } finally {
    closeSync(fd);
  }
  return header[18] === 2 || header[19] === 2;
}
