import { BatonError } from "../core/errors.ts";
import type { AgentReader } from "./agent-reader.ts";
import { claudeCodeReader } from "./claude-code/claude-code-reader.ts";
import { codexReader } from "./codex/codex-reader.ts";
import { copilotReader } from "./copilot/copilot-reader.ts";
import { openCodeReader } from "./opencode/opencode-reader.ts";
import { piReader } from "./pi/pi-reader.ts";

/** One line per agent: adding an agent means adding its folder and its line here. */
export const AGENT_READERS: readonly AgentReader[] = [
  claudeCodeReader,
  codexReader,
  openCodeReader,
  copilotReader,
  piReader,
];

export function getAgentReader(name: string): AgentReader {
  const reader = AGENT_READERS.find((candidate) => candidate.agent === name);
  if (!reader) {
    const known = AGENT_READERS.map((candidate) => candidate.agent).join(", ");
    throw new BatonError("usage", `unknown agent "${name}" (known: ${known})`);
  }
  return reader;
}
