import { createHash, randomBytes } from "node:crypto";
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeFoldersSync } from "../../store/make-folders.ts";
import { batonStateDir, type Env } from "../baton-state-dir.ts";

/**
 * The hooks' own small files under the state directory, keyed by a handoff document's
 * absolute path:
 * - `prompts/<key>.json`: the continuation prompt rendered when the handoff was written,
 *   valid while the document keeps its mtime and size, so that the session-start hook
 *   prints it without loading the schema, the YAML parser or the tokenizer;
 * - `claims/<key>.json`: a session's claim, taken at once with an exclusive create while
 *   the document's own claim is written by a background process.
 * Plain JSON, read with JSON.parse: these are caches, and a bad one is ignored.
 */

export interface CachedPrompt {
  path: string;
  id: string;
  mtimeMs: number;
  size: number;
  /** Of the document's bytes: the signature check below holds for exactly these. */
  sha256: string;
  text: string;
  signature: CachedSignature;
}

/** What the document's signature said when the prompt was cached; trust is decided at use. */
export interface CachedSignature {
  state: "signed" | "unsigned" | "broken";
  fingerprint: string | null;
}

export interface ClaimMarker {
  path: string;
  id: string;
  session: string;
  at: string;
  leaseUntil: string;
  /** Set by the first UserPromptSubmit after the claim; the next one acknowledges. */
  prompted: boolean;
}

export function keyOf(documentPath: string): string {
  return createHash("sha256").update(documentPath).digest("hex").slice(0, 32);
}

function promptFile(env: Env, documentPath: string): string {
  return join(batonStateDir(env), "claude-code", "prompts", `${keyOf(documentPath)}.json`);
}

/** The last scan of a handoff folder's live handoffs (see `scanLiveHandoffs`). */
export function liveHandoffsFile(env: Env, handoffDir: string): string {
  return join(batonStateDir(env), "claude-code", "live", `${keyOf(handoffDir)}.json`);
}

export function claimFile(env: Env, documentPath: string): string {
  return join(batonStateDir(env), "claude-code", "claims", `${keyOf(documentPath)}.json`);
}

export function readCachedPrompt(
  env: Env,
  documentPath: string,
  stat: { mtimeMs: number; size: number },
): string | null {
  const cached = readJson(promptFile(env, documentPath)) as Partial<CachedPrompt> | null;
  if (
    cached === null ||
    cached.path !== documentPath ||
    cached.mtimeMs !== stat.mtimeMs ||
    cached.size !== stat.size ||
    typeof cached.text !== "string"
  ) {
    return null;
  }
  return cached.text;
}

/**
 * The cached prompt and signature check of a document whose bytes hash to `sha256`. The
 * hash, not the mtime, is what lets the hook skip verifying: a file edited and given its
 * old mtime and size back would otherwise pass for the one that was checked.
 */
export function readCachedEntry(
  env: Env,
  documentPath: string,
  sha256: string,
): { text: string; signature: CachedSignature } | null {
  const cached = readJson(promptFile(env, documentPath)) as Partial<CachedPrompt> | null;
  const signature = cached?.signature;
  if (
    cached === null ||
    cached.path !== documentPath ||
    cached.sha256 !== sha256 ||
    typeof cached.text !== "string" ||
    typeof signature !== "object" ||
    signature === null ||
    !["signed", "unsigned", "broken"].includes(signature.state)
  ) {
    return null;
  }
  return { text: cached.text, signature };
}

export function hashText(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function writeCachedPrompt(env: Env, prompt: CachedPrompt): void {
  writeJsonAtomic(promptFile(env, prompt.path), prompt);
}

export function removeHookState(env: Env, documentPath: string): void {
  for (const file of [promptFile(env, documentPath), claimFile(env, documentPath)]) {
    try {
      unlinkSync(file);
    } catch {
      // Never written, or gone already.
    }
  }
}

export function readClaimMarker(file: string): ClaimMarker | null {
  const value = readJson(file) as Partial<ClaimMarker> | null;
  if (
    value === null ||
    typeof value.path !== "string" ||
    typeof value.id !== "string" ||
    typeof value.session !== "string" ||
    typeof value.leaseUntil !== "string"
  ) {
    return null;
  }
  return {
    path: value.path,
    id: value.id,
    session: value.session,
    at: typeof value.at === "string" ? value.at : "",
    leaseUntil: value.leaseUntil,
    prompted: value.prompted === true,
  };
}

export function isLive(marker: ClaimMarker, now: Date): boolean {
  const until = Date.parse(marker.leaseUntil);
  return Number.isFinite(until) && until > now.getTime();
}

/**
 * Takes the claim marker of a document for `marker.session`: created exclusively, so of
 * two sessions starting at once only one gets it. An expired marker, or one of the same
 * session, is replaced. Returns false when another session holds a live claim.
 */
export function takeClaimMarker(env: Env, marker: ClaimMarker, now: Date): boolean {
  const file = claimFile(env, marker.path);
  makeFoldersSync(dirname(file));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(marker), { flag: "wx" });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const held = readClaimMarker(file);
    if (held !== null && held.session !== marker.session && isLive(held, now)) return false;
    try {
      unlinkSync(file);
    } catch {
      // Removed by the other taker between our read and unlink; try again.
    }
  }
  return false;
}

export function updateClaimMarker(env: Env, marker: ClaimMarker): void {
  writeJsonAtomic(claimFile(env, marker.path), marker);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch {
    return null;
  }
}

function writeJsonAtomic(file: string, value: unknown): void {
  makeFoldersSync(dirname(file));
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, file);
}
