import { describe, expect, it } from "vitest";
import { slashCommands } from "../../src/integrations/claude-code/slash-commands.ts";
import { codexSkills } from "../../src/integrations/codex/codex-skills.ts";
import { copilotSkills } from "../../src/integrations/copilot/copilot-skills.ts";
import { geminiCommands } from "../../src/integrations/gemini-cli/gemini-commands.ts";

/**
 * Seed 003's review, then confirm, in every agent whose `/handoff` has the model write the
 * sections: the same instructions, each with the agent's own way to name its session.
 */
const BATON = "/opt/node /opt/baton/dist/cli/main.js";
const HANDOFFS: [string, string, string][] = [
  [
    "Claude Code",
    slashCommands(BATON).find((c) => c.file === "handoff.md")?.content ?? "",
    '--from claude-code --session "$CLAUDE_CODE_SESSION_ID"',
  ],
  ["Codex", codexSkills(BATON).find((s) => s.name === "handoff")?.content ?? "", "--from codex"],
  [
    "Copilot CLI",
    copilotSkills(BATON).find((s) => s.name === "handoff")?.content ?? "",
    "--from copilot",
  ],
  [
    "Gemini CLI",
    geminiCommands(BATON).find((c) => c.file === "handoff.toml")?.content ?? "",
    "--from gemini-cli --latest",
  ],
];

describe("/handoff in every agent", () => {
  it.each(HANDOFFS)(
    "%s: previews with --dry-run, asks, and writes only on yes",
    (_agent, text, from) => {
      expect(text).toContain(`${BATON} create --trigger command --stdin`);
      expect(text).toContain(from);
      expect(text).toContain("`--dry-run` added right after `create`");
      expect(text).toContain('"Write this handoff? Reply yes to write it, or cancel."');
      expect(text).toContain("Handoff cancelled; nothing was written.");
      // The sections baton reads itself are not the model's to write.
      expect(text).toContain("Do not write Modified Files, Todos or Validation.");
    },
  );
});
