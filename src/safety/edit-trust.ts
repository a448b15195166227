import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { BatonError } from "../core/errors.ts";
import { isErrorCode } from "../store/is-error-code.ts";
import { makeFolders } from "../store/make-folders.ts";
import { withLock } from "../store/with-lock.ts";
import { replaceFile } from "../store/write-file-atomic.ts";
import { type SignerKey, signerLine } from "./signer-key.ts";
import { acceptedRepositoryPath, hashOf, parseSigners } from "./trust-store.ts";

type Env = Readonly<Record<string, string | undefined>>;

const HEADER =
  "# Keys whose handoffs baton injects automatically, one `ed25519 <key> [name]` a line.\n# Managed with `baton trust add|remove`; see `baton trust --help`.\n";

/**
 * Adds a key to a trust list (a repeat replaces its name). Under the list's lock, written
 * at once: two `baton trust add` at the same time both land. Returns the list's new text.
 */
export async function addTrustedSigner(
  path: string,
  key: SignerKey,
  name: string | null,
): Promise<string> {
  return editList(path, (lines) => {
    const kept = lines.filter((line) => fingerprintOfLine(line, path) !== key.fingerprint);
    return [...kept, signerLine(key, name)];
  });
}

/**
 * Removes the keys whose fingerprint (or a prefix of it at least 12 characters long) or
 * name is `which`; none matching is a not-found error that changes nothing.
 */
export async function removeTrustedSigner(
  path: string,
  which: string,
): Promise<{ text: string; removed: number }> {
  let removed = 0;
  const text = await editList(path, (lines) => {
    const kept = lines.filter((line) => {
      const [signer] = parseSigners(line, "user", path, []);
      const matches =
        signer !== undefined &&
        (signer.name === which ||
          signer.fingerprint === which ||
          (which.length >= 12 && signer.fingerprint.startsWith(which)));
      if (matches) removed++;
      return !matches;
    });
    if (removed === 0) throw new BatonError("not-found", `no key "${which}" in ${path}`);
    return kept;
  });
  return { text, removed };
}

/** Records that this user accepts the repository's list as it now reads. */
export async function acceptRepositoryList(env: Env, root: string, text: string): Promise<void> {
  const path = acceptedRepositoryPath(env);
  await editList(
    path,
    (lines) => {
      const hash = hashOf(text);
      const others = lines.filter((line) => !line.trim().endsWith(` ${root}`));
      return [...others, `${hash} ${root}`];
    },
    "",
  );
}

async function editList(
  path: string,
  change: (lines: string[]) => string[],
  header = HEADER,
): Promise<string> {
  await makeFolders(dirname(path));
  return withLock(`${path}.lock`, async () => {
    const old = await readFile(path, "utf8").catch((error: unknown) => {
      if (isErrorCode(error, "ENOENT")) return null;
      throw error;
    });
    const lines = (old ?? header).split("\n").filter((line, index, all) => {
      return !(line === "" && index === all.length - 1);
    });
    const text = `${change(lines).join("\n")}\n`;
    await replaceFile(path, text);
    return text;
  });
}

function fingerprintOfLine(line: string, path: string): string | null {
  return parseSigners(line, "user", path, [])[0]?.fingerprint ?? null;
}
