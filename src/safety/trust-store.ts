import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BatonError, describeError } from "../core/errors.ts";
import type { Handoff } from "../core/handoff.ts";
import { batonConfigDir } from "./baton-config-dir.ts";
import { readMachineKey } from "./machine-key.ts";
import { checkSignature } from "./sign-handoff.ts";
import { parseSignerLine, type SignerKey } from "./signer-key.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** A key someone listed as trusted, and where. */
export interface TrustedSigner extends SignerKey {
  name: string | null;
  /** `user` (this user's list), `repository` (the list committed in the repository). */
  from: "user" | "repository";
}

export interface TrustSet {
  /** This machine's key; null until baton has signed something here. */
  local: SignerKey | null;
  user: TrustedSigner[];
  /** The repository's list, as committed; trusted only when `repositoryAccepted`. */
  repository: TrustedSigner[];
  /**
   * Whether this user accepted the repository's list as it stands (`baton trust accept`).
   * A list anyone with push access can edit is never trusted on its own word: a commit
   * that adds a handoff could add its key too.
   */
  repositoryAccepted: boolean;
  repositoryPath: string;
  userPath: string;
  /** Lines of the lists that are not keys, each named; they trust nothing. */
  problems: string[];
}

/** Who signed a handoff, and whether that makes it safe to inject. */
export interface TrustVerdict {
  trusted: boolean;
  /** Signed by this machine's own key. */
  local: boolean;
  fingerprint: string | null;
  /** One line for people: "signed by alice (SHA256:…), trusted by your list". */
  signer: string;
  /** A table cell: "this machine", "alice", "unknown SHA256:Ab12…", "unsigned", "edited". */
  who: string;
}

export const USER_SIGNERS_FILE = "trusted-signers";
export const ACCEPTED_REPOSITORY_FILE = "accepted-repository-signers";
/** The repository's list, committed like git's `allowed_signers`. */
export const REPOSITORY_SIGNERS_PATH = ".baton/trusted-signers";

export function userSignersPath(env: Env): string {
  return join(batonConfigDir(env), USER_SIGNERS_FILE);
}

export function acceptedRepositoryPath(env: Env): string {
  return join(batonConfigDir(env), ACCEPTED_REPOSITORY_FILE);
}

export function repositorySignersPath(root: string): string {
  return join(root, REPOSITORY_SIGNERS_PATH);
}

/**
 * Everything that decides trust, read synchronously for the session-start hook. A key file
 * with wrong permissions throws (the caller says so); a missing list trusts nobody.
 */
export function readTrustSet(env: Env, root: string): TrustSet {
  const problems: string[] = [];
  const userPath = userSignersPath(env);
  const repositoryPath = repositorySignersPath(root);
  const repositoryText = readOrNull(repositoryPath);
  // A key that cannot be read (its folder locked, the file open to others) trusts nothing
  // of this machine's; the reason is kept, and listing and showing still work.
  let key: ReturnType<typeof readMachineKey> = null;
  try {
    key = readMachineKey(env);
  } catch (error) {
    problems.push(describeError(error));
  }
  return {
    local: key === null ? null : { publicKey: key.publicKey, fingerprint: key.fingerprint },
    user: parseSigners(readOrNull(userPath) ?? "", "user", userPath, problems),
    repository: parseSigners(repositoryText ?? "", "repository", repositoryPath, problems),
    repositoryAccepted:
      repositoryText !== null && acceptedHashes(env, root).includes(hashOf(repositoryText)),
    repositoryPath,
    userPath,
    problems,
  };
}

export function judgeHandoff(handoff: Handoff, trust: TrustSet): TrustVerdict {
  const check = checkSignature(handoff);
  if (check.state === "unsigned") {
    return {
      trusted: false,
      local: false,
      fingerprint: null,
      signer: "not signed by anyone",
      who: "unsigned",
    };
  }
  if (check.state === "broken") {
    return {
      trusted: false,
      local: false,
      fingerprint: check.fingerprint,
      signer: `signature does not match: changed after ${check.fingerprint} signed it`,
      who: "edited",
    };
  }
  return judgeFingerprint(check.fingerprint, trust);
}

/** Whom a valid signature's key belongs to, by the lists. */
export function judgeFingerprint(fingerprint: string, trust: TrustSet): TrustVerdict {
  if (trust.local?.fingerprint === fingerprint) {
    return {
      trusted: true,
      local: true,
      fingerprint,
      signer: `signed by this machine's key (${fingerprint})`,
      who: "this machine",
    };
  }
  const user = trust.user.find((signer) => signer.fingerprint === fingerprint);
  if (user !== undefined) {
    return {
      trusted: true,
      local: false,
      fingerprint,
      signer: `signed by ${nameOf(user)}, trusted by your list`,
      who: shortName(user),
    };
  }
  const listed = trust.repository.find((signer) => signer.fingerprint === fingerprint);
  if (listed !== undefined && trust.repositoryAccepted) {
    return {
      trusted: true,
      local: false,
      fingerprint,
      signer: `signed by ${nameOf(listed)}, trusted by the repository's list`,
      who: shortName(listed),
    };
  }
  if (listed !== undefined) {
    return {
      trusted: false,
      local: false,
      fingerprint,
      signer: `signed by ${nameOf(listed)}, listed by the repository but not accepted by you (see "baton trust list")`,
      who: `unaccepted ${shortName(listed)}`,
    };
  }
  return {
    trusted: false,
    local: false,
    fingerprint,
    signer: `signed by an unknown key ${fingerprint}`,
    who: `unknown ${fingerprint.slice(0, 15)}…`,
  };
}

export function parseSigners(
  text: string,
  from: TrustedSigner["from"],
  path: string,
  problems: string[],
): TrustedSigner[] {
  const signers: TrustedSigner[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    try {
      signers.push({ ...parseSignerLine(line), from });
    } catch (error) {
      problems.push(
        `${path}:${index + 1}: ${BatonError.is(error) ? error.message : String(error)}`,
      );
    }
  });
  return signers;
}

/** The accepted contents of the repository list, by hash, for this repository root. */
export function acceptedHashes(env: Env, root: string): string[] {
  const text = readOrNull(acceptedRepositoryPath(env)) ?? "";
  return text
    .split(/\r?\n/)
    .map((line) => /^([0-9a-f]{64})\s+(.+)$/.exec(line.trim()))
    .filter((match) => match !== null && match[2] === root)
    .map((match) => match?.[1] as string);
}

export function hashOf(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A name goes into notices a session reads: only a plain one (`alice@laptop`) is shown. */
function nameOf(signer: TrustedSigner): string {
  const plain = signer.name !== null && /^[\w.@+-]{1,64}$/.test(signer.name);
  return plain ? `${signer.name} (${signer.fingerprint})` : signer.fingerprint;
}

function shortName(signer: TrustedSigner): string {
  const plain = signer.name !== null && /^[\w.@+-]{1,64}$/.test(signer.name);
  return plain ? (signer.name as string) : `${signer.fingerprint.slice(0, 15)}…`;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
