import type { FileToRead } from "../../core/handoff.ts";
import type { FileTouch } from "../../core/session.ts";
import type { ExtractContext } from "./extract-context.ts";
import { toRepoPath } from "./to-repo-path.ts";

const PLAN_REASONS = { plan: "plan", spec: "spec", todo: "todo list" } as const;

/**
 * What the next session should open first, verified: the plan files in the tree (and any
 * plan the session wrote), then the files the session read most, which is where its
 * understanding came from: those it only read before those it also changed.
 */
export function extractFilesToRead(context: ExtractContext): FileToRead[] | null {
  const out: FileToRead[] = [];
  const listed = new Set<string>();
  const add = (path: string, reason: string) => {
    if (listed.has(path) || out.length >= context.limits.filesToRead) return;
    listed.add(path);
    out.push({ path, reason, provenance: "verified" });
  };
  for (const plan of context.planFiles) add(plan.path, PLAN_REASONS[plan.kind]);
  for (const touch of context.session.files) {
    const path = toRepoPath(touch.path, context.root, context.session.cwd);
    if (path !== null && /(?:^|\/)(?:plans?|specs?)\/[^/]+\.md$/i.test(path)) {
      if (touch.kinds.some((kind) => kind !== "read")) add(path, "plan written in the session");
    }
  }
  const read = context.session.files
    .filter((touch) => touch.kinds.includes("read"))
    .map((touch, index) => ({
      touch,
      index,
      path: toRepoPath(touch.path, context.root, context.session.cwd),
    }))
    .filter((entry) => entry.path !== null)
    // Files only read come first: the changed ones are in Modified Files already.
    .sort(
      (a, b) =>
        Number(changedIn(a.touch)) - Number(changedIn(b.touch)) ||
        b.touch.count - a.touch.count ||
        a.index - b.index,
    );
  for (const { touch, path } of read) {
    const changed = changedIn(touch);
    const times = touch.count > 1 ? ` ${touch.count}×` : "";
    add(
      path as string,
      changed ? "read and changed in the session" : `read${times} in the session`,
    );
  }
  return out.length === 0 ? null : out;
}

function changedIn(touch: FileTouch): boolean {
  return touch.kinds.some((kind) => kind !== "read");
}
