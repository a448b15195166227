import { readFileSync } from "node:fs";

interface PackageInfo {
  version: string;
  issuesUrl: string | null;
}

/**
 * Read from package.json at run time so the version cannot drift from the release. The
 * relative path is the same from src/cli/ and from dist/cli/.
 */
export function readPackageInfo(): PackageInfo {
  const json = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
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
