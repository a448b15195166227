// Loaded first by both entries, before anything that needs a newer Node, so it must
// parse and run on any Node that can load an ES module: no imports, plain syntax.

/** The Node versions baton runs on: `node:sqlite` without a flag (the OpenCode reader). */
export const NODE_ENGINES = "^22.13.0 || >=23.4.0";

/**
 * Why this Node cannot run baton, in one line, or null when it can. `node:sqlite` is
 * unflagged from 22.13.0 on the 22 line and from 23.4.0 on (measured on the real
 * binaries: 22.12.0 and 23.3.0 answer "No such built-in module: node:sqlite").
 */
export function nodeVersionProblem(version: string): string | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (match === null) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const ok = major > 23 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
  if (ok) return null;
  return `baton needs Node.js 22.13 or newer (on the 23 line, 23.4 or newer); this is Node.js ${version.startsWith("v") ? version : `v${version}`}`;
}
