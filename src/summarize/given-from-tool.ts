import type { Fact, Sections } from "../core/handoff.ts";

/** What a model gives a handoff tool (OpenCode's `session_handoff`, the MCP server's). */
export interface ToolHandoffArgs {
  summary: string;
  goal?: string | undefined;
  next_steps?: string | string[] | undefined;
  blocked?: string | undefined;
  key_decisions?: string | string[] | undefined;
  files?: string | string[] | undefined;
}

/** Models sometimes send one string where a list is asked for; both are taken. */
export function listOf(value: string | string[] | undefined): string[] {
  const items = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** The sections a handoff tool's arguments give, all `claimed`: nothing here was checked. */
export function givenFromTool(args: ToolHandoffArgs): Partial<Sections> {
  const nextSteps = listOf(args.next_steps);
  const decisions = listOf(args.key_decisions);
  const files = listOf(args.files);
  const claimed = (text: string): Fact => ({ text, provenance: "claimed" });
  const given: Partial<Sections> = {};
  const state = [args.summary.trim()];
  const blocked = args.blocked?.trim();
  if (blocked) state.push(`Blocked: ${blocked}`);
  given.currentState = state.filter((text) => text !== "").map(claimed);
  const goal = args.goal?.trim();
  if (goal) given.goal = claimed(goal);
  if (nextSteps.length > 0) given.nextSteps = nextSteps.map(claimed);
  if (decisions.length > 0) {
    given.keyDecisions = decisions.map((decision) => ({
      decision,
      reason: null,
      provenance: "claimed",
    }));
  }
  if (files.length > 0) {
    given.filesToRead = files.map((path) => ({ path, reason: null, provenance: "claimed" }));
  }
  return given;
}
