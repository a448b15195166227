import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatonError } from "../core/errors.ts";
import { safeParseDocument } from "../core/parse-document.ts";
import { runGit } from "../git/run-git.ts";
import { mergeLifecycles, sameContent, sameLifecycle } from "./handoff-lifecycle.ts";
import type { HandoffStore } from "./open-store.ts";

/**
 * Handoffs travel between machines through git refs of their own, never through branches:
 * `refs/baton/handoffs/<id>` is a small history of one handoff (each commit's tree holds
 * `handoff.md`, the document as written, signature included). `pull` fetches them into
 * `refs/baton/remotes/<remote>/` and merges each into the handoff folder; `push` pulls,
 * commits what changed here on top of what it fetched, and pushes, again if another push
 * got there first. Whatever is lost in the folder (a claim that did not hold, the other
 * side of a conflict) stays in a ref's history: nothing is thrown away.
 */

export const SHARED_REF_PREFIX = "refs/baton/handoffs/";
const FILE = "handoff.md";
const MAX_PUSH_ATTEMPTS = 6;
const GIT_TIMEOUT_MS = 120_000;

export interface ShareOptions {
  /** A folder of the repository (any worktree). */
  cwd: string;
  store: HandoffStore;
  /** A remote's name or any URL git reaches. */
  remote: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface ShareReport {
  /** Handoffs new in the folder. */
  added: string[];
  /** Handoffs whose lifecycle changed by the other side's. */
  updated: string[];
  /** One line each: a claim that did not hold, a different document under the same id. */
  notes: string[];
  /** Refs whose document could not be read: left in the ref, not written. */
  skipped: string[];
  /** Refs sent (push only). */
  pushed: string[];
  attempts: number;
}

export async function pullHandoffs(options: ShareOptions): Promise<ShareReport> {
  const report = emptyReport();
  await fetchShared(options);
  await mergeFetched(options, report);
  return report;
}

export async function pushHandoffs(options: ShareOptions): Promise<ShareReport> {
  const report = emptyReport();
  let lastError = "";
  for (let attempt = 1; attempt <= MAX_PUSH_ATTEMPTS; attempt++) {
    report.attempts = attempt;
    await fetchShared(options);
    await mergeFetched(options, report);
    const refspecs = await commitLocal(options);
    if (refspecs.length === 0) return report;
    const pushed = await git(options, ["push", "--porcelain", options.remote, ...refspecs], true);
    if (pushed.ok) {
      report.pushed.push(
        ...refspecs.map((spec) => spec.split(":")[1]?.slice(SHARED_REF_PREFIX.length) ?? spec),
      );
      return report;
    }
    // Another machine pushed the same handoff meanwhile: fetch its version, merge, again.
    lastError = pushed.message;
    if (
      !/failed to push some refs|rejected|fetch first|non-fast-forward|cannot lock ref/.test(
        pushed.message,
      )
    ) {
      throw new BatonError("git", `git push to ${options.remote} failed: ${pushed.message}`);
    }
  }
  throw new BatonError(
    "conflict",
    `${options.remote} refused the push ${MAX_PUSH_ATTEMPTS} times (last: ${lastError}); run baton push again`,
  );
}

function emptyReport(): ShareReport {
  return { added: [], updated: [], notes: [], skipped: [], pushed: [], attempts: 1 };
}

/** Where a remote's refs are fetched to: its name, or for a URL a name made from it. */
function trackingPrefix(remote: string): string {
  const key =
    /^[A-Za-z0-9._-]+$/.test(remote) && !remote.startsWith(".")
      ? remote
      : `url-${Buffer.from(remote).toString("base64url").slice(0, 40)}`;
  return `refs/baton/remotes/${key}/`;
}

async function fetchShared(options: ShareOptions): Promise<void> {
  if (options.remote.startsWith("-")) {
    throw new BatonError("usage", `"${options.remote}" is not a remote`);
  }
  const prefix = trackingPrefix(options.remote);
  await git(options, [
    "fetch",
    "--no-tags",
    "--prune",
    "--quiet",
    options.remote,
    `+${SHARED_REF_PREFIX}*:${prefix}*`,
  ]);
}

async function refsUnder(options: ShareOptions, prefix: string): Promise<Map<string, string>> {
  const out = await git(options, ["for-each-ref", "--format=%(objectname) %(refname)", prefix]);
  const refs = new Map<string, string>();
  for (const line of out.split("\n")) {
    const [sha, ref] = line.split(" ");
    if (sha && ref?.startsWith(prefix)) refs.set(ref.slice(prefix.length), sha);
  }
  return refs;
}

async function mergeFetched(options: ShareOptions, report: ShareReport): Promise<void> {
  const fetched = await refsUnder(options, trackingPrefix(options.remote));
  const local = await refsUnder(options, SHARED_REF_PREFIX);
  for (const [id, remoteTip] of fetched) {
    const text = await git(options, ["cat-file", "blob", `${remoteTip}:${FILE}`], true);
    const parsed = text.ok ? safeParseDocument(text.stdout) : null;
    if (parsed === null || !parsed.ok || parsed.value.id !== id) {
      const why =
        parsed === null
          ? "no handoff.md"
          : parsed.ok
            ? "its id is not its ref's"
            : parsed.error.message;
      if (!report.skipped.includes(id)) report.skipped.push(`${id}: ${why}`);
      continue;
    }
    const incoming = parsed.value;
    let changed = false;
    const { created } = await options.store.adopt(incoming, (stored) => {
      if (!sameContent(stored, incoming)) {
        note(
          report,
          `${id}: this machine's document differs from ${options.remote}'s; kept this one (the other is in ${trackingPrefix(options.remote)}${id})`,
        );
        return undefined;
      }
      const merged = mergeLifecycles(stored, incoming);
      if (merged.lost !== null) {
        note(
          report,
          `${id}: claimed on both sides; session ${merged.handoff.claim?.session ?? "?"}'s claim holds, session ${merged.lost.session}'s (at ${merged.lost.at}) stays in the ref's history`,
        );
      }
      if (sameLifecycle(merged.handoff, stored)) return undefined;
      changed = true;
      return merged.handoff;
    });
    if (created) report.added.push(id);
    else if (changed && !report.updated.includes(id)) report.updated.push(id);
    // What was fetched is now part of this side's history of the handoff.
    const localTip = local.get(id);
    if (localTip === undefined || (await isAncestor(options, localTip, remoteTip))) {
      await git(options, ["update-ref", `${SHARED_REF_PREFIX}${id}`, remoteTip]);
    }
  }
}

function note(report: ShareReport, line: string): void {
  if (!report.notes.includes(line)) report.notes.push(line);
}

/**
 * Commits every handoff whose document differs from its ref's, on top of its ref and of
 * what was fetched; returns the refspecs to push (refs the remote does not have as here).
 */
async function commitLocal(options: ShareOptions): Promise<string[]> {
  const fetched = await refsUnder(options, trackingPrefix(options.remote));
  const local = await refsUnder(options, SHARED_REF_PREFIX);
  const entries = (await options.store.list({ all: true })).filter((entry) => entry.ok);
  const refspecs: string[] = [];
  const index = await mkdtemp(join(tmpdir(), "baton-share-"));
  try {
    for (const entry of entries) {
      const ref = `${SHARED_REF_PREFIX}${entry.id}`;
      const blob = (await git(options, ["hash-object", "-w", "--", entry.path])).trim();
      const tip = local.get(entry.id);
      const remoteTip = fetched.get(entry.id);
      let head = tip;
      const tipBlob =
        tip === undefined ? null : await git(options, ["rev-parse", `${tip}:${FILE}`], true);
      // A new commit when the document changed, or to join what was fetched when this
      // side's history has commits the remote's lacks (else the push could never land).
      const diverged =
        tip !== undefined &&
        remoteTip !== undefined &&
        !(await isAncestor(options, remoteTip, tip));
      if (tipBlob === null || !tipBlob.ok || tipBlob.stdout.trim() !== blob || diverged) {
        const indexFile = join(index, entry.id);
        const indexEnv = { GIT_INDEX_FILE: indexFile };
        await git(
          options,
          ["update-index", "--add", "--cacheinfo", `100644,${blob},${FILE}`],
          false,
          indexEnv,
        );
        const tree = (await git(options, ["write-tree"], false, indexEnv)).trim();
        const parents = await independentParents(options, [tip, remoteTip]);
        const message = `baton: ${entry.id} (${entry.handoff.status})`;
        head = (
          await git(options, [
            "commit-tree",
            tree,
            ...parents.flatMap((p) => ["-p", p]),
            "-m",
            message,
          ])
        ).trim();
        await git(options, ["update-ref", ref, head, ...(tip === undefined ? [""] : [tip])]);
      }
      if (head !== undefined && head !== remoteTip) refspecs.push(`${ref}:${ref}`);
    }
  } finally {
    await rm(index, { recursive: true, force: true });
  }
  return refspecs;
}

/** The commits given, less any that another of them already contains. */
async function independentParents(
  options: ShareOptions,
  commits: (string | undefined)[],
): Promise<string[]> {
  const unique = [...new Set(commits.filter((c): c is string => c !== undefined))];
  const kept: string[] = [];
  for (const commit of unique) {
    let contained = false;
    for (const other of unique) {
      if (other !== commit && (await isAncestor(options, commit, other))) contained = true;
    }
    if (!contained) kept.push(commit);
  }
  return kept;
}

async function isAncestor(options: ShareOptions, a: string, b: string): Promise<boolean> {
  return (await git(options, ["merge-base", "--is-ancestor", a, b], true)).ok;
}

/** Baton's own commits: an identity of their own, so a machine without git's user set works. */
const IDENTITY = {
  GIT_AUTHOR_NAME: "baton",
  GIT_AUTHOR_EMAIL: "baton@localhost",
  GIT_COMMITTER_NAME: "baton",
  GIT_COMMITTER_EMAIL: "baton@localhost",
};

async function git(
  options: ShareOptions,
  args: string[],
  tolerate: true,
  extraEnv?: Record<string, string>,
): Promise<{ ok: true; stdout: string } | { ok: false; message: string; stdout: string }>;
async function git(
  options: ShareOptions,
  args: string[],
  tolerate?: false,
  extraEnv?: Record<string, string>,
): Promise<string>;
async function git(
  options: ShareOptions,
  args: string[],
  tolerate = false,
  extraEnv: Record<string, string> = {},
): Promise<string | { ok: boolean; stdout: string; message?: string }> {
  const result = await runGit(args, {
    cwd: options.cwd,
    env: { ...options.env, ...IDENTITY, ...extraEnv },
    timeoutMs: GIT_TIMEOUT_MS,
  });
  if (tolerate) {
    return result.ok
      ? { ok: true, stdout: result.stdout.toString("utf8") }
      : { ok: false, message: result.message, stdout: "" };
  }
  if (!result.ok) {
    throw new BatonError("git", `git ${args[0]} failed: ${result.message}`);
  }
  return result.stdout.toString("utf8");
}
