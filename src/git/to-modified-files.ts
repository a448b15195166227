import type { ModifiedFile } from "../core/handoff.ts";
import type { GitState } from "./capture-git.ts";

/** The Modified Files section as git reports it: every entry is a verified fact. */
export function toModifiedFiles(state: GitState): ModifiedFile[] {
  return state.files.map((file) => ({
    path: file.path,
    change: file.change,
    state: file.state,
    from: file.from,
    provenance: "verified",
  }));
}
