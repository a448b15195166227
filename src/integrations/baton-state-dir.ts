import { homedir } from "node:os";
import { join } from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

/** `$XDG_STATE_HOME/baton`, else `~/.local/state/baton`: the hooks' log and caches. */
export function batonStateDir(env: Env): string {
  const xdg = env.XDG_STATE_HOME?.trim();
  if (xdg) return join(xdg, "baton");
  const home = env.HOME?.trim() || homedir();
  return join(home, ".local", "state", "baton");
}

export function hookLogPath(env: Env): string {
  return join(batonStateDir(env), "hooks.log");
}
