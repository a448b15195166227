import { type HandoffSkill, handoffSkills } from "../handoff-skills.ts";

export type CodexSkill = HandoffSkill;

/**
 * The Codex equivalents of baton's Claude Code slash commands. Codex removed custom
 * prompts (0.117.0); skills are `skills/<name>/SKILL.md` with a name and a description,
 * run with `$<name>` or picked from `/skills`.
 */
export function codexSkills(baton: string): CodexSkill[] {
  return handoffSkills(baton, {
    id: "codex",
    sessionEnv: "CODEX_THREAD_ID",
    record: "Codex session's rollout",
  });
}
