import { captureGit, type GitState } from "../git/capture-git.ts";
import { withoutHandoffFolder } from "../git/without-handoff-folder.ts";
import { type HandoffStore, openStore } from "../store/open-store.ts";
import type { CliIo } from "./cli-io.ts";
import { say } from "./output.ts";

export interface Project {
  git: GitState;
  /** The repository root, or the working folder outside git. */
  root: string;
  store: HandoffStore;
}

/**
 * The git state and the handoff store of the folder a command runs in. The store resolves
 * `--dir`, then `BATON_DIR`, then `docs/handoffs`, relative to the repository root. The
 * git state leaves out the handoff folder itself. A folder that resolves outside the
 * repository is refused unless `--allow-outside` or `BATON_ALLOW_OUTSIDE=1` says otherwise.
 */
export async function openProject(
  io: CliIo,
  options: { dir?: string; "allow-outside"?: boolean },
): Promise<Project> {
  const captured = await captureGit(io.cwd, { env: { ...io.env } });
  const root = captured.root ?? io.cwd;
  const store = openStore({
    root,
    dir: options.dir,
    env: { ...io.env },
    now: io.now,
    // Unset, the store reads BATON_ALLOW_OUTSIDE from env.
    allowOutside: options["allow-outside"] || undefined,
    warn: (message) => say(io, `baton: ${message}`),
  });
  return { git: await withoutHandoffFolder(captured, store.dir), root, store };
}
