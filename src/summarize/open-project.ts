import { captureGit, DEFAULT_GIT_TIMEOUT_MS, type GitState } from "../git/capture-git.ts";
import { gitTimeoutMs } from "../git/git-timeout.ts";
import { withoutHandoffFolder } from "../git/without-handoff-folder.ts";
import { machineSigner } from "../safety/machine-signer.ts";
import { type HandoffStore, openStore } from "../store/open-store.ts";

/** The git state and the handoff store of the folder a capture runs in. */
export interface Project {
  git: GitState;
  /** The repository root, or the working folder outside git. */
  root: string;
  store: HandoffStore;
}

/**
 * The git state and store of a folder: the store resolves `dir`, then `BATON_DIR`, then
 * `docs/handoffs`, relative to the repository root; the git state leaves the handoff
 * folder itself out.
 */
export async function openProject(options: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  dir?: string | undefined;
  /** Use a folder that resolves outside the repository (else `BATON_ALLOW_OUTSIDE`). */
  allowOutside?: boolean | undefined;
  /** The store's one-line notices: a stale lock broken, a folder outside written to. */
  warn?: (message: string) => void;
}): Promise<Project> {
  const captured = await captureGit(options.cwd, {
    env: { ...options.env },
    timeoutMs: gitTimeoutMs(options.env, DEFAULT_GIT_TIMEOUT_MS),
  });
  const root = captured.root ?? options.cwd;
  const store = openStore({
    root,
    dir: options.dir,
    env: { ...options.env },
    now: options.now,
    allowOutside: options.allowOutside,
    warn: options.warn,
    signer: machineSigner(options.env),
  });
  return { git: await withoutHandoffFolder(captured, store.dir), root, store };
}
