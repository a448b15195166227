import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ReaderContext } from "../../../src/agents/agent-reader.ts";

/**
 * Sessions real users' Claude Code and Codex wrote, kept outside the project in
 * `../shared/real-sessions/` (see its README for sources and licences). Tests and the
 * `eval:real` script read them where they are and never copy them into the project; where
 * the folder is absent, they skip and say why.
 */
export const REAL_SESSIONS_ROOT =
  process.env.BATON_REAL_SESSIONS ??
  resolve(import.meta.dirname, "..", "..", "..", "..", "shared", "real-sessions");

export const REAL_SESSIONS_PRESENT = existsSync(join(REAL_SESSIONS_ROOT, "README.md"));

export const REAL_SESSIONS_SKIP_MESSAGE = `real sessions absent: ${REAL_SESSIONS_ROOT} (../shared/real-sessions) not found, skipped`;

/** Each folder of the collection is a HOME: `claude-codemie`, `claude-spotter`, `codex-codemie`. */
export function realHomes(): string[] {
  if (!REAL_SESSIONS_PRESENT) return [];
  return readdirSync(REAL_SESSIONS_ROOT, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(REAL_SESSIONS_ROOT, entry.name, "home")),
    )
    .map((entry) => entry.name)
    .sort();
}

/** A reader context whose HOME is one folder of the collection. */
export function realContext(folder: string): ReaderContext {
  const home = join(REAL_SESSIONS_ROOT, folder, "home");
  return {
    homedir: home,
    env: {
      HOME: home,
      XDG_DATA_HOME: join(home, ".local/share"),
      XDG_CONFIG_HOME: join(home, ".config"),
    },
  };
}

export function realPath(folder: string, ...parts: string[]): string {
  return join(REAL_SESSIONS_ROOT, folder, "home", ...parts);
}
