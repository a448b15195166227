import { sign, verify } from "node:crypto";
import type { Handoff } from "../core/handoff.ts";
import type { MachineKey } from "./machine-key.ts";
import { fingerprintOf, publicKeyObject } from "./signer-key.ts";

/** What a signature says of a document, before anyone decides whether to trust its key. */
export type SignatureCheck =
  | { state: "signed"; fingerprint: string; publicKey: string }
  | { state: "unsigned" }
  /** Signed, then changed (or signed with a key other than the one it names). */
  | { state: "broken"; fingerprint: string };

/** Domain separation: a signature over a handoff can never pass for one over anything else. */
const CONTEXT = "baton/handoff-signature@1\n";

/**
 * The bytes a signature covers: every field of the handoff but the signature itself and
 * the lifecycle (status, claim, restoredAt, supersededBy), which the store changes on any
 * machine that claims, restores or archives it, as JSON with sorted keys. The lifecycle
 * can only move a handoff between open and consumed; what it says stays the signer's.
 */
export function canonicalHandoff(handoff: Handoff): string {
  const {
    signature: _signature,
    status: _status,
    claim: _claim,
    restoredAt: _restoredAt,
    supersededBy: _supersededBy,
    ...content
  } = handoff;
  return CONTEXT + stableJson(content);
}

export function signHandoff(handoff: Handoff, key: MachineKey): Handoff {
  const value = sign(null, Buffer.from(canonicalHandoff(handoff), "utf8"), key.privateKey);
  return {
    ...handoff,
    signature: {
      key: key.fingerprint,
      publicKey: key.publicKey,
      value: value.toString("base64"),
    },
  };
}

export function checkSignature(handoff: Handoff): SignatureCheck {
  const signature = handoff.signature;
  if (signature === undefined) return { state: "unsigned" };
  const broken = { state: "broken", fingerprint: signature.key } as const;
  if (fingerprintOf(signature.publicKey) !== signature.key) return broken;
  try {
    const ok = verify(
      null,
      Buffer.from(canonicalHandoff(handoff), "utf8"),
      publicKeyObject(signature.publicKey),
      Buffer.from(signature.value, "base64"),
    );
    return ok
      ? { state: "signed", fingerprint: signature.key, publicKey: signature.publicKey }
      : broken;
  } catch {
    return broken;
  }
}

/** JSON with object keys sorted at every level; `undefined` members are left out, as JSON does. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item ?? null)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map(
        (key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}
