import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../core/package-root.ts";

interface PackageInfo {
  version: string;
  issuesUrl: string | null;
}

/** Read from package.json at run time so the version cannot drift from the release. */
export function readPackageInfo(): PackageInfo {
  const json = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as {
    version?: string;
    bugs?: string | { url?: string };
    repository?: string | { url?: string };
  };
  return { version: json.version ?? "0.0.0", issuesUrl: issuesUrlOf(json) };
}

function issuesUrlOf(json: {
  bugs?: string | { url?: string };
  repository?: string | { url?: string };
}): string | null {
  const bugs = typeof json.bugs === "string" ? json.bugs : json.bugs?.url;
  if (bugs) return bugs;
  const repo = typeof json.repository === "string" ? json.repository : json.repository?.url;
  const match = repo ? /github\.com[/:]([^/]+\/[^/.]+)/.exec(repo) : null;
  return match ? `https://github.com/${match[1]}/issues` : null;
}
