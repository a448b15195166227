import { openCodeStoreReader } from "./opencode-store-reader.ts";

export const openCodeReader = openCodeStoreReader({
  agent: "opencode",
  displayName: "OpenCode",
  dataFolder: "opencode",
  dbFile: "opencode.db",
});
