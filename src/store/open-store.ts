import { stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { BatonError, type Result } from "../core/errors.ts";
import { Handoff } from "../core/handoff.ts";
import { safeParseDocument } from "../core/parse-document.ts";
import { renderDocument } from "../core/render-document.ts";
import { allowOutsideFromEnv, confineHandoffDir } from "./confine-handoff-dir.ts";
import {
  ensureFolder,
  folderExists,
  readFolderNames,
  readTextFile,
  toStoreError,
} from "./folder-io.ts";
import {
  datePartOf,
  HANDOFF_EXTENSION,
  isHandoffFileName,
  makeHandoffStem,
  stemOf,
} from "./handoff-file-name.ts";
import {
  archiveHandoff,
  type ClaimOptions,
  claimHandoff,
  DEFAULT_LEASE_MS,
  releaseHandoff,
  restoreHandoff,
  supersedeHandoff,
  withLeaseExpiry,
} from "./handoff-lifecycle.ts";
import { isErrorCode } from "./is-error-code.ts";
import { ARCHIVE_DIR_NAME, resolveHandoffDir } from "./resolve-handoff-dir.ts";
import { sharedRoot } from "./shared-root.ts";
import { slugifyTopic } from "./slugify-topic.ts";
import { LOCK_SUFFIX, type LockOptions, removeStaleLocks, withLock } from "./with-lock.ts";
import {
  moveFileNoClobber,
  removeStaleTempFiles,
  replaceFile,
  writeNewFile,
} from "./write-file-atomic.ts";

export type { ClaimOptions } from "./handoff-lifecycle.ts";

export const NewHandoff = Handoff.omit({ id: true });
/** A handoff before the store has named it. */
export type NewHandoff = z.infer<typeof NewHandoff>;

export interface StoreOptions {
  /** The repository root, or the working directory outside git. */
  root: string;
  /** The handoff folder; wins over `BATON_DIR`. Relative to `root` unless absolute. */
  dir?: string;
  now?: () => Date;
  /** Where `BATON_DIR` is read from; the process environment by default. */
  env?: NodeJS.ProcessEnv;
  /** The lease of a claim that does not say its own; 30 minutes by default. */
  leaseMs?: number;
  lock?: LockOptions;
  /**
   * Use a handoff folder that resolves outside `root` (by `dir`, `BATON_DIR` or a link);
   * refused otherwise. `BATON_ALLOW_OUTSIDE=1` in `env` says the same.
   */
  allowOutside?: boolean;
  /**
   * One-line notices about the store itself: a stale lock broken, a folder outside the
   * repository written to. A CLI prints them; a hook logs them.
   */
  warn?: (message: string) => void;
  /**
   * Signs every handoff created and every revision of one it signed before. Lifecycle
   * changes (claim, restore, archive, supersede) keep the signature as it is: it does not
   * cover them. Without a signer, documents are written unsigned (and never injected).
   */
  signer?: HandoffSigner;
}

/**
 * Signs what the store writes. The store calls it at its one write path, so every writer
 * (commands, hooks, plugins, the MCP server) signs alike; it lives outside the store
 * because the key is the user's, not the repository's.
 */
export interface HandoffSigner {
  sign(handoff: Handoff): Promise<Handoff>;
  /** Whether this signer signed the stored handoff: only then may a revision be signed again. */
  owns(handoff: Handoff): boolean;
}

export interface CreateOptions {
  /**
   * Keep one open handoff per line of work (same branch and topic): under the line's lock,
   * the new handoff continues the newest open one (its `parent`, unless given), and every
   * open one of the line but the newest is marked superseded by the newest. A live
   * `parent` from another line is superseded by the new one as well.
   */
  supersede?: boolean;
}

export interface CreatedHandoff {
  handoff: Handoff;
  path: string;
  /** The handoffs this create marked superseded, with the id that superseded each. */
  superseded: { id: string; by: string }[];
}

/** A handoff as read from the store. `archived` says the file is in `_archive/`. */
export interface StoreEntry {
  id: string;
  path: string;
  archived: boolean;
  handoff: Handoff;
}

/** One file of a listing: a good handoff, or a broken file with the reason it is broken. */
export type ListEntry = { id: string; path: string; archived: boolean } & (
  | { ok: true; handoff: Handoff }
  | { ok: false; error: BatonError }
);

export interface HandoffStore {
  /** The handoff folder, absolute. */
  readonly dir: string;
  readonly archiveDir: string;
  /** Names and writes a new handoff; never replaces an existing file. */
  create(input: NewHandoff, options?: CreateOptions): Promise<CreatedHandoff>;
  /**
   * Newest first by `created`, then id; broken files last. With `all`, the archive too. A
   * broken file is an entry, never a throw; only an unusable folder (a file, unreadable) throws.
   */
  list(options?: { all?: boolean }): Promise<ListEntry[]>;
  /** By exact id, else by a unique id prefix; active and archived handoffs alike. */
  get(idOrPrefix: string): Promise<StoreEntry>;
  claim(id: string, options: ClaimOptions): Promise<StoreEntry>;
  /** Returns a live claim: the handoff is open again. */
  release(id: string): Promise<StoreEntry>;
  /**
   * The receiver proceeded: sets `restoredAt` and moves the handoff to the archive. With
   * `session`, refused when another session holds the claim.
   */
  markRestored(id: string, options?: { session?: string }): Promise<StoreEntry>;
  archive(id: string): Promise<StoreEntry>;
  /** Marks `oldId` as superseded by `newId`; deciding that they are one line of work is the caller's. */
  supersede(oldId: string, newId: string): Promise<StoreEntry>;
  /** Writes expired claims back as open; returns the handoffs it released. */
  releaseExpired(): Promise<StoreEntry[]>;
  /**
   * Rewrites a live handoff's content under its lock (e.g. a note added after capture).
   * Its id and lifecycle (status, claim, restoredAt, supersededBy) stay the store's:
   * those change only through the methods above.
   */
  revise(id: string, change: (handoff: Handoff) => Handoff): Promise<StoreEntry>;
  /**
   * Takes in a handoff from elsewhere (another machine, by `baton pull`) as it is, its
   * signature included: written under its id when that is free (to the archive when it is
   * archived there), else `merge` says what the stored one becomes (`undefined`: nothing).
   */
  adopt(
    incoming: Handoff,
    merge: (stored: Handoff) => Handoff | undefined,
  ): Promise<{ entry: StoreEntry; created: boolean }>;
}

/** Temp files of writers older than this were left by a killed process. */
const STALE_TEMP_MS = 10 * 60 * 1000;
const MAX_NAME_ATTEMPTS = 10_000;

/**
 * Opens the handoff store of a project. Nothing is created until the first write, so
 * reading a project without handoffs leaves no folder behind.
 *
 * On disk: `<dir>/<id>.md` for live handoffs, `<dir>/_archive/<id>.md` for consumed ones,
 * and dot files for the store's own temp files and per-handoff locks (`.<id>.lock`), which
 * listings ignore. The folder is resolved as `resolveHandoffDir` describes: the `dir`
 * option, then `BATON_DIR`, then `docs/handoffs`, relative to `root`.
 */
export function openStore(options: StoreOptions): HandoffStore {
  const dir = resolveHandoffDir(options.root, options.dir, options.env);
  const archiveDir = join(dir, ARCHIVE_DIR_NAME);
  const now = options.now ?? (() => new Date());
  const defaultLeaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const activePath = (id: string) => join(dir, `${id}${HANDOFF_EXTENSION}`);
  const archivedPath = (id: string) => join(archiveDir, `${id}${HANDOFF_EXTENSION}`);
  const warn = options.warn ?? (() => undefined);
  const lockOptions: LockOptions = { onBreak: warn, ...options.lock };
  const allowOutside = options.allowOutside ?? allowOutsideFromEnv(options.env ?? process.env);

  const signed = async (handoff: Handoff): Promise<Handoff> => {
    const { signature: _old, ...unsigned } = handoff;
    return options.signer === undefined ? unsigned : options.signer.sign(unsigned);
  };

  /** The folder's place, checked once: inside the repository unless allowed otherwise. */
  const confined = once(() =>
    confineHandoffDir(sharedRoot(options.root), [dir, archiveDir], allowOutside),
  );
  /** Before the first write: say where a folder outside or behind a link really is. */
  const announced = once(async () => {
    const place = await confined();
    if (place.outside) warn(`writing handoffs to ${place.real}, outside the repository`);
    else if (place.linked) warn(`writing handoffs to ${place.real} (${dir} is a link)`);
  });
  /** Before the first write: what a killed process left (temp files, locks) is cleaned up. */
  const swept = once(async () => {
    await removeStaleTempFiles(dir, STALE_TEMP_MS, now());
    await removeStaleTempFiles(archiveDir, STALE_TEMP_MS, now());
    await removeStaleLocks(dir, { staleMs: lockOptions.staleMs, onBreak: warn });
  });

  async function readEntry(path: string, id: string, archived: boolean): Promise<ListEntry> {
    const read = await readHandoff(path, id);
    return read.ok
      ? { id, path, archived, ok: true, handoff: withLeaseExpiry(read.value, now()) }
      : { id, path, archived, ok: false, error: read.error };
  }

  /** Every handoff id, each once: a leftover of an interrupted move to the archive counts as archived. */
  async function readIds(includeArchive: boolean): Promise<Map<string, boolean>> {
    await confined();
    const ids = new Map<string, boolean>();
    for (const name of (await readFolderNames(dir, "handoff folder")).filter(isHandoffFileName)) {
      ids.set(stemOf(name), false);
    }
    if (!includeArchive) return ids;
    for (const name of (await readFolderNames(archiveDir, "archive folder")).filter(
      isHandoffFileName,
    )) {
      const id = stemOf(name);
      if (ids.has(id) && !(await isSameFile(activePath(id), archivedPath(id)))) continue;
      ids.set(id, true);
    }
    return ids;
  }

  /**
   * Read-modify-write of one handoff under its lock. `change` gets the handoff as stored
   * (lease not yet applied) and returns the new one and whether it belongs in the
   * archive, or `undefined` to leave the file as it is.
   */
  async function update(
    id: string,
    change: (
      stored: Handoff,
      archived: boolean,
    ) =>
      | { handoff: Handoff; archive: boolean }
      | undefined
      | Promise<{ handoff: Handoff; archive: boolean }>,
  ): Promise<StoreEntry> {
    assertPlainId(id);
    await confined();
    if (!(await folderExists(dir, "handoff folder"))) {
      throw new BatonError("not-found", `no handoff ${id}: ${dir} does not exist`);
    }
    await announced();
    await swept();
    return withLock(
      join(dir, `.${id}.lock`),
      async () => {
        const found = await findStored(id);
        const next = await change(found.handoff, found.archived);
        if (next === undefined) {
          return {
            id,
            path: found.path,
            archived: found.archived,
            handoff: withLeaseExpiry(found.handoff, now()),
          };
        }
        const handoff = next.handoff;
        const text = serialize(handoff);
        const moving = next.archive && !found.archived;
        if (moving) {
          // Both before the rewrite, so a folder or a file in the way fails with the
          // handoff untouched: an ack is all or nothing.
          await ensureFolder(archiveDir, "archive folder");
          if (await exists(archivedPath(id))) throw archiveTaken(id);
        }
        try {
          await replaceFile(found.path, text);
        } catch (error) {
          throw toStoreError(error, found.path, "write");
        }
        if (!moving) return { id, path: found.path, archived: found.archived, handoff };
        try {
          await moveToArchive(id);
        } catch (error) {
          // The move failed after the rewrite (a file appeared in the archive meanwhile):
          // put the document back as it was, so it is neither moved nor marked.
          await replaceFile(found.path, found.text).catch(() => undefined);
          throw toStoreError(error, found.path, "archive");
        }
        return { id, path: archivedPath(id), archived: true, handoff };
      },
      lockOptions,
    ).catch((error: unknown) => {
      throw toStoreError(error, dir, "lock a handoff in");
    });
  }

  async function findStored(id: string): Promise<StoreEntry & { text: string }> {
    // A move to the archive killed between link and unlink leaves one file under both
    // names; finish the move before anything rewrites (and so unlinks) one of them.
    if (await isSameFile(activePath(id), archivedPath(id))) await unlink(activePath(id));
    for (const [path, archived] of [
      [activePath(id), false],
      [archivedPath(id), true],
    ] as const) {
      const text = await readTextFile(path);
      if (!text.ok && text.error.code === "not-found") continue;
      if (!text.ok) throw text.error;
      const read = parseHandoff(text.value, path, id);
      if (!read.ok) throw read.error;
      return { id, path, archived, handoff: read.value, text: text.value };
    }
    throw new BatonError("not-found", `no handoff ${id} in ${dir} (was it deleted or moved?)`);
  }

  async function moveToArchive(id: string): Promise<void> {
    try {
      await moveFileNoClobber(activePath(id), archivedPath(id));
    } catch (error) {
      if (!isErrorCode(error, "EEXIST")) throw error;
      throw archiveTaken(id);
    }
  }

  function archiveTaken(id: string): BatonError {
    return new BatonError(
      "store",
      `cannot archive ${id}: ${archivedPath(id)} already exists and is a different file; nothing was changed`,
    );
  }

  async function createHandoff(
    input: NewHandoff,
    createOptions: CreateOptions = {},
  ): Promise<CreatedHandoff> {
    const checked = NewHandoff.safeParse(input);
    if (!checked.success) {
      throw new BatonError("schema", `invalid handoff: ${z.prettifyError(checked.error)}`);
    }
    await confined();
    await ensureFolder(dir, "handoff folder");
    await announced();
    await swept();
    if (!createOptions.supersede) return { ...(await writeNamed(checked.data)), superseded: [] };
    const draft = checked.data;
    // Reading the line, writing and superseding are one step: two creates of one line at
    // once would otherwise each supersede the same old handoff and both stay open.
    return withLock(
      join(dir, `.line-${slugifyTopic(draft.topic)}${LOCK_SUFFIX}`),
      () => createInLine(draft),
      // Every create of the line queues here, each holding it for milliseconds (seconds on
      // a loaded machine); a dead holder is seen at once, so waiting long is safe.
      { timeoutMs: 600_000, ...lockOptions },
    ).catch((error: unknown) => {
      throw toStoreError(error, dir, "lock a handoff in");
    });
  }

  async function createInLine(draft: NewHandoff): Promise<CreatedHandoff> {
    const inLine = (handoff: Handoff) =>
      draft.branch !== null &&
      handoff.status === "open" &&
      handoff.branch === draft.branch &&
      handoff.topic === draft.topic;
    const open = (await readLine(draft.topic)).filter((entry) => inLine(entry.handoff));
    // What it continues is the newest of the line that is not newer than itself.
    const continued = open.find((entry) => createdTime(entry.handoff) <= createdTime(draft));
    const written = await writeNamed({ ...draft, parent: draft.parent ?? continued?.id ?? null });
    const members = [written.handoff, ...open.map((entry) => entry.handoff)].sort(newerFirst);
    const winner = members[0]?.id ?? written.handoff.id;
    const superseded: { id: string; by: string }[] = [];
    const mark = async (id: string, by: string, live: (h: Handoff) => boolean) => {
      let changed = false;
      const entry = await update(id, (stored, archived) => {
        if (archived || !live(withLeaseExpiry(stored, now()))) return undefined;
        changed = true;
        return { handoff: supersedeHandoff(stored, by), archive: false };
      });
      if (changed) superseded.push({ id, by });
      return entry;
    };
    let mine = written;
    for (const member of members) {
      if (member.id === winner) continue;
      const entry = await mark(member.id, winner, (h) => h.status === "open");
      if (member.id === written.handoff.id) mine = { handoff: entry.handoff, path: entry.path };
    }
    const parent = draft.parent;
    if (parent !== null && parent !== winner && !members.some((m) => m.id === parent)) {
      await mark(
        parent,
        written.handoff.id,
        (h) => h.status === "open" || h.status === "claimed",
      ).catch((error: unknown) => {
        // A parent gone or consumed since it was read is only recorded as the parent.
        if (!BatonError.is(error) || error.code !== "not-found") throw error;
      });
    }
    return { ...mine, superseded };
  }

  /** The live handoffs whose file name carries this topic (the line's candidates). */
  async function readLine(topic: string): Promise<StoreEntry[]> {
    const named = new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${slugifyTopic(topic)}(-\\d+)?$`);
    const ids = [...(await readIds(false)).keys()].filter((id) => named.test(id));
    const entries = await Promise.all(ids.map((id) => readEntry(activePath(id), id, false)));
    return entries
      .filter((entry) => entry.ok)
      .sort(newestFirst)
      .map(({ id, path, archived, handoff }) => ({ id, path, archived, handoff }));
  }

  async function writeNamed(data: NewHandoff): Promise<{ handoff: Handoff; path: string }> {
    const datePart = datePartOf(data.created, now());
    const taken = new Set((await readIds(true)).keys());
    let counter = 1;
    for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const id = makeHandoffStem(datePart, data.topic, counter);
      counter++;
      if (taken.has(id)) continue;
      const handoff = await signed({ ...data, id });
      const path = activePath(id);
      try {
        await writeNewFile(path, serialize(handoff));
      } catch (error) {
        if (isErrorCode(error, "EEXIST")) continue;
        throw toStoreError(error, dir, "write a handoff to");
      }
      // The id was free in the archive when we looked; a handoff of that name archived since
      // then would make two files with one id, so give this one the next name instead.
      if (await exists(archivedPath(id))) {
        await unlink(path);
        continue;
      }
      return { handoff, path };
    }
    throw new BatonError("store", `no free file name for topic "${data.topic}" in ${dir}`);
  }

  async function listHandoffs(listOptions: { all?: boolean } = {}): Promise<ListEntry[]> {
    const ids = await readIds(listOptions.all ?? false);
    const entries = await Promise.all(
      [...ids].map(([id, archived]) =>
        readEntry(archived ? archivedPath(id) : activePath(id), id, archived),
      ),
    );
    return entries.sort(newestFirst);
  }

  async function getHandoff(idOrPrefix: string): Promise<StoreEntry> {
    const wanted = idOrPrefix.trim().replace(/\.md$/, "");
    if (wanted === "") throw new BatonError("usage", "a handoff id is required");
    const ids = await readIds(true);
    let id = wanted;
    if (!ids.has(wanted)) {
      const candidates = [...ids.keys()].filter((candidate) => candidate.startsWith(wanted)).sort();
      const [only] = candidates;
      if (only === undefined) {
        throw new BatonError("not-found", `no handoff matches "${wanted}" in ${dir}`);
      }
      if (candidates.length > 1) {
        throw new BatonError(
          "usage",
          `"${wanted}" matches ${candidates.length} handoffs: ${candidates.join(", ")}`,
        );
      }
      id = only;
    }
    const archived = ids.get(id) === true;
    const entry = await readEntry(archived ? archivedPath(id) : activePath(id), id, archived);
    if (!entry.ok) throw entry.error;
    return { id, path: entry.path, archived, handoff: entry.handoff };
  }

  async function releaseExpired(): Promise<StoreEntry[]> {
    await confined();
    await swept();
    const released: StoreEntry[] = [];
    for (const id of (await readIds(false)).keys()) {
      // Read without the lock first: most handoffs hold no expired claim and need no lock.
      const read = await readHandoff(activePath(id), id);
      if (!read.ok || withLeaseExpiry(read.value, now()) === read.value) continue;
      let expired = false;
      try {
        const entry = await update(id, (stored) => {
          const current = withLeaseExpiry(stored, now());
          expired = current !== stored;
          return expired ? { handoff: current, archive: false } : undefined;
        });
        if (expired) released.push(entry);
      } catch (error) {
        // Removed or broken since it was listed: nothing of it to release.
        if (!BatonError.is(error) || !["not-found", "parse", "schema"].includes(error.code)) {
          throw error;
        }
      }
    }
    return released;
  }

  async function adopt(
    incoming: Handoff,
    merge: (stored: Handoff) => Handoff | undefined,
  ): Promise<{ entry: StoreEntry; created: boolean }> {
    const { id } = incoming;
    assertPlainId(id);
    const text = serialize(incoming);
    await confined();
    await ensureFolder(dir, "handoff folder");
    await announced();
    await swept();
    const written = await withLock(
      join(dir, `.${id}.lock`),
      async () => {
        if ((await readIds(true)).has(id)) return null;
        const archived = incoming.status === "archived";
        if (archived) await ensureFolder(archiveDir, "archive folder");
        const path = archived ? archivedPath(id) : activePath(id);
        await writeNewFile(path, text);
        return { id, path, archived, handoff: incoming };
      },
      lockOptions,
    ).catch((error: unknown) => {
      throw toStoreError(error, dir, "lock a handoff in");
    });
    if (written !== null) return { entry: written, created: true };
    const entry = await update(id, (stored, archived) => {
      const next = merge(stored);
      if (next === undefined) return undefined;
      return { handoff: next, archive: archived || next.status === "archived" };
    });
    return { entry, created: false };
  }

  return {
    dir,
    archiveDir,
    adopt,
    create: createHandoff,
    list: listHandoffs,
    get: getHandoff,
    releaseExpired,
    claim: (id, claimOptions) =>
      update(id, (stored, archived) => {
        if (archived) throw new BatonError("conflict", `handoff ${id} is archived`);
        return {
          handoff: claimHandoff(stored, claimOptions, now(), defaultLeaseMs),
          archive: false,
        };
      }),
    release: (id) =>
      update(id, (stored, archived) => {
        if (archived) throw new BatonError("conflict", `handoff ${id} is archived`);
        return { handoff: releaseHandoff(stored, now()), archive: false };
      }),
    markRestored: (id, restoreOptions = {}) =>
      update(id, (stored, archived) => {
        if (archived && stored.restoredAt !== null) return undefined;
        if (archived) {
          throw new BatonError("conflict", `handoff ${id} was archived without being restored`);
        }
        return { handoff: restoreHandoff(stored, now(), restoreOptions.session), archive: true };
      }),
    archive: (id) =>
      update(id, (stored, archived) =>
        archived ? undefined : { handoff: archiveHandoff(stored), archive: true },
      ),
    revise: (id, change) =>
      update(id, async (stored, archived) => {
        if (archived)
          throw new BatonError("conflict", `handoff ${id} is archived; it is not revised`);
        const { status, claim, restoredAt, supersededBy } = stored;
        const next = { ...change(stored), id, status, claim, restoredAt, supersededBy };
        // A revision of what this machine signed is signed again; of anything else it keeps
        // the old signature, which no longer matches: edited is unverified.
        const handoff =
          options.signer?.owns(stored) === true
            ? await signed(next)
            : { ...next, signature: stored.signature };
        return { handoff, archive: false };
      }),
    supersede: async (oldId, newId) => {
      await getExact(newId);
      return update(oldId, (stored) => ({
        handoff: supersedeHandoff(stored, newId),
        archive: false,
      }));
    },
  };

  async function getExact(id: string): Promise<void> {
    const ids = await readIds(true);
    if (!ids.has(id)) throw new BatonError("not-found", `no handoff ${id} in ${dir}`);
  }
}

/**
 * The document text of a handoff, checked to parse first: the store never writes a file
 * it could not read again.
 */
function serialize(handoff: Handoff): string {
  const text = renderDocument(handoff);
  const back = safeParseDocument(text);
  if (!back.ok) {
    throw new BatonError(
      "schema",
      `handoff ${handoff.id} would not read back: ${back.error.message}`,
    );
  }
  return text;
}

/** Ids name files in the handoff folder; anything that could reach outside it is refused. */
function assertPlainId(id: string): void {
  if (id === "" || id.startsWith(".") || /[/\\\0]/.test(id)) {
    throw new BatonError("usage", `"${id}" is not a handoff id`);
  }
}

/** Reads and parses one handoff file; its id must be its file name's stem. */
async function readHandoff(path: string, id: string): Promise<Result<Handoff>> {
  const text = await readTextFile(path);
  if (!text.ok) return text;
  return parseHandoff(text.value, path, id);
}

function parseHandoff(text: string, path: string, id: string): Result<Handoff> {
  const parsed = safeParseDocument(text, { path, id });
  if (!parsed.ok) return parsed;
  if (parsed.value.id !== id) {
    return {
      ok: false,
      error: new BatonError(
        "schema",
        `${path}: id "${parsed.value.id}" does not match the file name; the id must be "${id}"`,
      ),
    };
  }
  return parsed;
}

function newestFirst(a: ListEntry, b: ListEntry): number {
  if (a.ok !== b.ok) return a.ok ? -1 : 1;
  if (a.ok && b.ok) return newerFirst(a.handoff, b.handoff);
  return b.id.localeCompare(a.id, "en", { numeric: true });
}

/** By `created`, then by id (`-10` after `-9`): the order "newest" means everywhere. */
function newerFirst(a: Handoff, b: Handoff): number {
  const byCreated = createdTime(b) - createdTime(a);
  if (byCreated !== 0 && Number.isFinite(byCreated)) return byCreated;
  return b.id.localeCompare(a.id, "en", { numeric: true });
}

function createdTime(handoff: { created: string }): number {
  const time = Date.parse(handoff.created);
  return Number.isFinite(time) ? time : 0;
}

async function isSameFile(a: string, b: string): Promise<boolean> {
  try {
    const [first, second] = await Promise.all([stat(a), stat(b)]);
    return first.ino === second.ino && first.dev === second.dev;
  } catch {
    return false;
  }
}

/** The first call runs `fn`; every call gets its promise. */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => {
    promise ??= fn();
    return promise;
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
