import { type HandoffSkill, handoffSkills } from "../handoff-skills.ts";

/**
 * baton's commands in Copilot CLI: skills (`skills/<name>/SKILL.md` with a name and a
 * description), which Copilot offers as slash commands (`/handoff`) and to the model
 * through its `skill` tool. Copilot sets COPILOT_AGENT_SESSION_ID for the shell commands it
 * runs, so baton knows the session the handoff comes from.
 */
export function copilotSkills(baton: string): HandoffSkill[] {
  return handoffSkills(baton, {
    id: "copilot",
    sessionEnv: "COPILOT_AGENT_SESSION_ID",
    record: "Copilot session's events",
  });
}
