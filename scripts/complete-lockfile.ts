/**
 * `node scripts/complete-lockfile.ts`: puts back into package-lock.json the optional
 * platform packages (Biome, OpenCode, msgpackr-extract builds for other systems) that
 * `npm install` leaves out when the registry it talks to does not carry them. Without
 * those entries `npm ci` refuses the lockfile as out of sync. Each entry names only its
 * version and platform: npm skips a package for another platform without fetching it,
 * and on that platform fetches it by name and version from whatever registry is set.
 * Run it after an `npm install` that changed the lockfile.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

const OS: Record<string, string> = {
  darwin: "darwin",
  linux: "linux",
  win32: "win32",
  windows: "win32",
  android: "android",
  freebsd: "freebsd",
};
const CPU = ["arm64", "x64", "arm", "ia32"];

/** The platform a package's name announces, e.g. `cli-linux-arm64-musl`. */
function platformOf(name: string): Pick<LockEntry, "os" | "cpu" | "libc"> | null {
  const parts = name.split("/").at(-1)?.split("-") ?? [];
  const os = parts.map((part) => OS[part]).find((value) => value !== undefined);
  const cpu = parts.find((part) => CPU.includes(part));
  if (os === undefined || cpu === undefined) return null;
  const platform: Pick<LockEntry, "os" | "cpu" | "libc"> = { os: [os], cpu: [cpu] };
  if (os === "linux") platform.libc = [parts.includes("musl") ? "musl" : "glibc"];
  return platform;
}

const path = join(import.meta.dirname, "..", "package-lock.json");
const lock = JSON.parse(readFileSync(path, "utf8")) as { packages: Record<string, LockEntry> };
const added: string[] = [];
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] !== undefined) continue;
    const platform = platformOf(name);
    if (platform === null) {
      console.warn(`left alone: ${name} (no platform in its name)`);
      continue;
    }
    lock.packages[key] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platform,
    };
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === "" ? -1 : b === "" ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length === 0
    ? "package-lock.json is complete"
    : `added ${added.length}: ${added.join(", ")}`,
);
