import { handoffInstructions } from "../handoff-instructions.ts";
import { BATON_MARKER } from "./hook-command-line.ts";

export interface SlashCommand {
  /** The file name under `commands/`; the command is `/` + the name without `.md`. */
  file: string;
  content: string;
}

/**
 * The three commands baton adds to Claude Code, for a given way to run baton: the exact
 * node and entry script when installed into settings, plain `baton` in the plugin.
 */
export function slashCommands(baton: string): SlashCommand[] {
  const marker = `<!-- ${BATON_MARKER}: written by baton; "baton uninstall claude-code" removes it -->`;
  return [
    { file: "handoff.md", content: handoffCommand(baton, marker) },
    { file: "handoff-resume.md", content: resumeCommand(baton, marker) },
    { file: "handoff-list.md", content: listCommand(baton, marker) },
  ];
}

function handoffCommand(baton: string, marker: string): string {
  return `---
description: Write a handoff of this session (goal, decisions, failed approaches, next steps) with baton
argument-hint: "[goal]"
allowed-tools: Bash
---
${marker}
${handoffInstructions({
  goalLine: "Goal given by the user (may be empty): $ARGUMENTS",
  shell: "Bash",
  create: `${baton} create --trigger command --stdin \${CLAUDE_CODE_SESSION_ID:+--from claude-code --session "$CLAUDE_CODE_SESSION_ID"}`,
  record: "this session's transcript",
})}`;
}

function resumeCommand(baton: string, marker: string): string {
  return `---
description: Continue from an open baton handoff of this repository
argument-hint: "[handoff id]"
allowed-tools: Bash
---
${marker}
Pick up the work from a handoff that an earlier session left.

If this session was already given a handoff when it started ("An open handoff from an
earlier session was found …" above), that one is claimed by this session already: skip to
step 3 with it. Otherwise:

1. If the user named a handoff ($ARGUMENTS), use that id below. Otherwise run
   \`${baton} list\` with Bash; if more than one handoff is open, show the table and ask
   the user which one to take, then wait for the answer.
2. Run \`${baton} resume <id> --session "$CLAUDE_CODE_SESSION_ID"\` (without \`<id>\` for
   the newest open handoff of this branch). It prints the handoff's continuation prompt
   and marks it claimed by this session; anything it says about drift (moved branch,
   uncommitted files) is on stderr: mention it.
3. Present the handoff in a few lines: goal, where it stands, the next steps.
4. Continue the work from its first Next Step. baton archives the handoff once this turn
   ends.
`;
}

function listCommand(baton: string, marker: string): string {
  return `---
description: List the baton handoffs of this repository
allowed-tools: Bash
---
${marker}
Run \`${baton} list --all\` with Bash and show its table to the user as it is, followed by
one line saying how many handoffs are open. Do nothing else.
`;
}
