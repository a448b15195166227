import { homedir } from "node:os";
import { join } from "node:path";

type Env = Readonly<Record<string, string | undefined>>;

/** `$XDG_CONFIG_HOME/baton`, else `~/.config/baton`: the machine's signing key and trust lists. */
export function batonConfigDir(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  if (xdg) return join(xdg, "baton");
  const home = env.HOME?.trim() || homedir();
  return join(home, ".config", "baton");
}
