import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { BatonError, describeError } from "../core/errors.ts";
import { isErrorCode } from "../store/is-error-code.ts";
import { makeFolders } from "../store/make-folders.ts";
import { writeNewFile } from "../store/write-file-atomic.ts";
import { batonConfigDir } from "./baton-config-dir.ts";
import { type SignerKey, signerKeyOf } from "./signer-key.ts";

type Env = Readonly<Record<string, string | undefined>>;

export const KEY_FILE_NAME = "signing-key.pem";

/** This machine's signing key: the private half signs, the public half is what others trust. */
export interface MachineKey extends SignerKey {
  privateKey: KeyObject;
  path: string;
}

export function machineKeyPath(env: Env): string {
  return join(batonConfigDir(env), KEY_FILE_NAME);
}

/**
 * The machine key, or null when none was made yet. A key file others may read or write is
 * refused: whoever can read it can sign handoffs that every session here injects.
 */
export function readMachineKey(env: Env): MachineKey | null {
  const path = machineKeyPath(env);
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw new BatonError("store", `cannot read the signing key ${path}: ${describeError(error)}`, {
      cause: error,
    });
  }
  if (info === undefined) return null;
  if (!info.isFile()) throw new BatonError("store", `the signing key ${path} is not a file`);
  if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(3, "0");
    throw new BatonError(
      "store",
      `the signing key ${path} has permissions ${mode}; it must be readable by its owner only (run: chmod 600 ${path})`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(path, "utf8"));
  } catch (error) {
    throw new BatonError("store", `the signing key ${path} cannot be read as a key`, {
      cause: error,
    });
  }
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new BatonError("store", `the signing key ${path} is not an Ed25519 key`);
  }
  return { ...signerKeyOf(privateKey), privateKey, path };
}

/**
 * The machine key, made on first use. Processes that start at once (two hooks, a hook and
 * a command) all end with the one key that was written first: the file appears complete
 * or not at all, and a writer that finds it taken reads the winner's.
 */
export async function loadMachineKey(env: Env): Promise<MachineKey> {
  const existing = readMachineKey(env);
  if (existing !== null) return existing;
  const path = machineKeyPath(env);
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  try {
    await makeFolders(batonConfigDir(env));
    await writeNewFile(path, pem, 0o600);
  } catch (error) {
    if (!isErrorCode(error, "EEXIST")) {
      throw new BatonError("io", `cannot create the signing key ${path}: ${String(error)}`, {
        cause: error,
      });
    }
  }
  const made = readMachineKey(env);
  if (made === null) throw new BatonError("io", `the signing key ${path} vanished after writing`);
  return made;
}
