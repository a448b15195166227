import { basename } from "node:path";

/**
 * The one line a session gets instead of a handoff nobody it trusts signed. It names the
 * file only when its name is plain (a file name is the sender's choice too) and says how
 * a person reviews it; nothing of the document's own text is in it.
 */
export function unverifiedNotice(path: string, why: string): string {
  const stem = basename(path).replace(/\.md$/, "");
  const id = /^[A-Za-z0-9._-]{1,120}$/.test(stem) ? stem : null;
  const which = id === null ? "" : ` (${id}, ${why})`;
  const review = id === null ? "baton list" : `baton show ${id}`;
  return `baton: an unverified handoff is waiting${which}; it was not shown to this session. A person can review it with \`${review}\` and take it with \`baton resume${id === null ? "" : ` ${id}`}\`, or trust its signer with \`baton trust add\`.`;
}
