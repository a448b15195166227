import { openCodeStoreReader } from "../opencode/opencode-store-reader.ts";

/**
 * Kilo CLI is a fork of OpenCode that kept its store: the same SQLite tables (plus its own
 * `kilo_board` ones, not read) in `$XDG_DATA_HOME/kilo/kilo.db`. Verified on 7.7.7.
 */
export const kiloReader = openCodeStoreReader({
  agent: "kilo",
  displayName: "Kilo CLI",
  dataFolder: "kilo",
  dbFile: "kilo.db",
});
