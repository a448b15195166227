import { captureGit, type GitState } from "../../src/git/capture-git.ts";

/** A real "not a repository" git state: what capture reports for a folder that is gone. */
export function notARepo(): Promise<GitState> {
  return captureGit("/nonexistent/baton-summarize-test");
}
