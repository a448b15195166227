/**
 * `npm run fixtures:record [-- <agent>… [--scenario <name>]…]`
 *
 * Drives the real agents from node_modules/.bin through scripted scenarios against the
 * local model server (no network, no real HOME) and writes their transcripts with a
 * facts.json under test/fixtures/<agent>/<agent-version>/<scenario>/. Each recorder checks
 * the planted facts against what the agent really did and fails instead of writing a
 * fixture that lies. See test/support/README.md, "Recorded fixtures".
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { CLAUDE_BIN } from "../test/support/agents/run-claude-code.ts";
import { CLAUDE_SCENARIOS } from "../test/support/fixtures/claude-code-scenarios.ts";
import {
  recordClineFixtures,
  recordContinueFixtures,
  recordNanocoderFixtures,
} from "../test/support/fixtures/record-chat-agents.ts";
import { recordClaudeCodeScenario } from "../test/support/fixtures/record-claude-code.ts";
import { recordCodexFixtures } from "../test/support/fixtures/record-codex.ts";
import { recordCopilotFixtures } from "../test/support/fixtures/record-copilot.ts";
import { recordGeminiFixtures } from "../test/support/fixtures/record-gemini.ts";
import { recordKiloFixtures } from "../test/support/fixtures/record-kilo.ts";
import { recordOpenCodeFixtures } from "../test/support/fixtures/record-opencode.ts";
import { recordPiFixtures } from "../test/support/fixtures/record-pi.ts";
import { recordQwenFixtures } from "../test/support/fixtures/record-qwen.ts";
import { recordScenarios } from "../test/support/fixtures/record-scenarios.ts";

/** Records the scenarios of one agent (all, or the named ones); returns the folders written. */
type Recorder = (only: ReadonlySet<string>) => Promise<string[]>;

const recorders: Record<string, Recorder> = {
  "claude-code": async (only) => {
    const version = /^(\S+)/.exec(
      execFileSync(CLAUDE_BIN, ["--version"], { encoding: "utf8" }),
    )?.[1];
    if (!version) throw new Error("could not read the Claude Code version");
    return recordScenarios(
      "claude-code",
      version,
      CLAUDE_SCENARIOS,
      only,
      recordClaudeCodeScenario,
    );
  },
  codex: recordCodexFixtures,
  opencode: recordOpenCodeFixtures,
  "gemini-cli": recordGeminiFixtures,
  "qwen-code": recordQwenFixtures,
  copilot: recordCopilotFixtures,
  pi: recordPiFixtures,
  kilo: recordKiloFixtures,
  continue: recordContinueFixtures,
  nanocoder: recordNanocoderFixtures,
  cline: recordClineFixtures,
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { scenario: { type: "string", multiple: true } },
});
const agents = positionals.length > 0 ? positionals : Object.keys(recorders);
const unknown = agents.filter((agent) => !(agent in recorders));
if (unknown.length > 0) {
  console.error(
    `unknown agent: ${unknown.join(", ")} (known: ${Object.keys(recorders).join(", ")})`,
  );
  process.exit(2);
}
const only = new Set(values.scenario ?? []);
for (const agent of agents) {
  const written = await recorders[agent]?.(only);
  for (const dir of written ?? []) console.log(`wrote ${dir}`);
}
