import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

/** The unprivileged user a root test runs as, to see permissions as people do. */
export const NOBODY = { uid: 65534, gid: 65534 };

const PROJECT = resolve(import.meta.dirname, "../..");
const NODE = resolve(PROJECT, "node_modules/.bin/node");

/**
 * Why a root test cannot run a process as `nobody` here, or null when it can: a checkout
 * under a folder only root may enter (`mktemp -d` makes one) keeps `nobody` from starting
 * the project's node or reading its sources, and then permissions cannot be tested at all.
 */
export function whyNobodyCannotRun(): string | null {
  const probe = spawnSync(
    NODE,
    ["-e", `require("node:fs").readFileSync(${JSON.stringify(resolve(PROJECT, "package.json"))})`],
    { ...NOBODY, stdio: "ignore" },
  );
  if (probe.status === 0) return null;
  return `user nobody cannot run this checkout's node or read it (${probe.error?.message ?? `exit ${probe.status}`}), as when it sits under a folder only root may enter`;
}
