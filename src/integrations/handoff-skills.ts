import { batonMarker } from "./claude-code/hook-command-line.ts";
import { handoffInstructions } from "./handoff-instructions.ts";

/** An agent whose skills are `skills/<name>/SKILL.md` (name and description frontmatter). */
export interface SkillAgent {
  /** baton's id of the agent: the marker, `--from` and the uninstall command name it. */
  id: string;
  /** The variable the agent sets, in the commands it runs, to the session's id. */
  sessionEnv: string;
  /** What baton reads of the session, for the skill's text: "Codex session's rollout". */
  record: string;
}

export interface HandoffSkill {
  /** The skill's folder under `skills/`, and its name. */
  name: string;
  content: string;
}

/**
 * baton's three skills (Claude Code's slash commands, for agents that have skills
 * instead): handoff, handoff-resume and handoff-list, running baton as `baton` says.
 */
export function handoffSkills(baton: string, agent: SkillAgent): HandoffSkill[] {
  const marker = `<!-- ${batonMarker(agent.id)}: written by baton; "baton uninstall ${agent.id}" removes it -->`;
  return [
    { name: "handoff", content: handoffSkill(baton, marker, agent) },
    { name: "handoff-resume", content: resumeSkill(baton, marker, agent) },
    { name: "handoff-list", content: listSkill(baton, marker) },
  ];
}

function handoffSkill(baton: string, marker: string, agent: SkillAgent): string {
  return `---
name: handoff
description: Write a baton handoff of this session (goal, decisions, failed approaches, next steps) so another session, agent or person can carry on. Use when the user asks for a handoff or the context is nearly full.
---
${marker}
${handoffInstructions({
  goalLine: "If the user gave a goal with the request, use it.",
  shell: "shell",
  create: `${baton} create --trigger command --stdin --from ${agent.id} --session "$${agent.sessionEnv}"`,
  record: `this ${agent.record}`,
})}`;
}

function resumeSkill(baton: string, marker: string, agent: SkillAgent): string {
  return `---
name: handoff-resume
description: Continue the work from an open baton handoff of this repository (one an earlier session of any agent left).
---
${marker}
Pick up the work from a handoff that an earlier session left.

If this session was already given a handoff when it started ("An open handoff from an
earlier session was found …"), that one is claimed by this session already: skip to
step 3 with it. Otherwise:

1. If the user named a handoff id, use it below. Otherwise run \`${baton} list\`; if more
   than one handoff is open, show the table and ask the user which one to take, then wait.
2. Run \`${baton} resume <id> --session "$${agent.sessionEnv}"\` (without \`<id>\` for the
   newest open handoff of this branch). It prints the handoff's continuation prompt and
   marks it claimed by this session; anything it
   says about drift (moved branch, uncommitted files) is on stderr: mention it.
3. Present the handoff in a few lines: goal, where it stands, the next steps.
4. Continue the work from its first Next Step. baton archives the handoff once this turn
   ends.
`;
}

function listSkill(baton: string, marker: string): string {
  return `---
name: handoff-list
description: List the baton handoffs of this repository.
---
${marker}
Run \`${baton} list --all\` and show its table to the user as it is, followed by one line
saying how many handoffs are open. Do nothing else.
`;
}
