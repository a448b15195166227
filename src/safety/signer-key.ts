import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { BatonError } from "../core/errors.ts";

/**
 * A signer's public key as people pass it around: `ed25519 <base64 of the 32 raw bytes>`,
 * the way an SSH public key line reads, optionally followed by a name.
 */
export interface SignerKey {
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** `SHA256:<base64>` of the raw key, as `ssh-keygen -l` prints one. */
  fingerprint: string;
}

const RAW_KEY_BYTES = 32;
/** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows it. */
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export function fingerprintOf(publicKey: string): string {
  const raw = Buffer.from(publicKey, "base64");
  return `SHA256:${createHash("sha256").update(raw).digest("base64").replace(/=+$/, "")}`;
}

export function signerKeyOf(key: KeyObject): SignerKey {
  const der = createPublicKey(key).export({ format: "der", type: "spki" });
  const publicKey = der.subarray(SPKI_PREFIX.length).toString("base64");
  return { publicKey, fingerprint: fingerprintOf(publicKey) };
}

/** The node key object of a base64 raw Ed25519 public key; a malformed key is a usage error. */
export function publicKeyObject(publicKey: string): KeyObject {
  const raw = Buffer.from(publicKey, "base64");
  if (raw.length !== RAW_KEY_BYTES || raw.toString("base64") !== publicKey) {
    throw new BatonError(
      "usage",
      `"${publicKey}" is not an Ed25519 public key (base64 of 32 bytes)`,
    );
  }
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

/** One `ed25519 <key> [name]` line, parsed; anything else is a usage error naming the line. */
export function parseSignerLine(line: string): SignerKey & { name: string | null } {
  const match = /^\s*ed25519\s+([A-Za-z0-9+/]+=*)(?:\s+(.*?))?\s*$/.exec(line);
  if (!match?.[1]) {
    throw new BatonError(
      "usage",
      `"${line.trim()}" is not a signer key; expected "ed25519 <base64 key> [name]" (from "baton trust show" on the other machine)`,
    );
  }
  publicKeyObject(match[1]);
  return { publicKey: match[1], fingerprint: fingerprintOf(match[1]), name: match[2] || null };
}

export function signerLine(key: SignerKey, name: string | null): string {
  return name === null ? `ed25519 ${key.publicKey}` : `ed25519 ${key.publicKey} ${name}`;
}
