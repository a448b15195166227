import { homedir } from "node:os";
import type { ReaderContext } from "../agents/agent-reader.ts";
import type { CliIo } from "./cli-io.ts";

/** The agents' stores are found from the environment the command runs in (HOME, XDG_*, CODEX_HOME…). */
export function readerContext(io: CliIo): ReaderContext {
  return { env: { ...io.env }, homedir: io.env.HOME ?? homedir() };
}
