/**
 * How much of a session a handoff keeps. The prompt budget is enforced by `renderPrompt`
 * itself; the list and item caps here keep the document near its target (about 2,000 tokens
 * for `standard`) however long the session ran, because every extracted list is capped
 * before anything is rendered.
 */
export type SizePreset = "minimal" | "standard" | "full";

export const SIZE_PRESET_NAMES: readonly SizePreset[] = ["minimal", "standard", "full"];

export interface SizeLimits {
  /** The continuation prompt's token budget. */
  promptBudget: number;
  goalChars: number;
  /** Any other single item (a decision, a step, a question, an error line). */
  itemChars: number;
  currentState: number;
  keyDecisions: number;
  failedApproaches: number;
  modifiedFiles: number;
  /** Open todos are kept first; completed ones fill what is left. */
  todos: number;
  validation: number;
  filesToRead: number;
  nextSteps: number;
  openQuestions: number;
}

export const SIZE_PRESETS: Readonly<Record<SizePreset, SizeLimits>> = {
  minimal: {
    promptBudget: 250,
    goalChars: 240,
    itemChars: 160,
    currentState: 2,
    keyDecisions: 2,
    failedApproaches: 1,
    modifiedFiles: 10,
    todos: 8,
    validation: 2,
    filesToRead: 2,
    nextSteps: 3,
    openQuestions: 1,
  },
  standard: {
    promptBudget: 400,
    goalChars: 600,
    itemChars: 300,
    currentState: 5,
    keyDecisions: 5,
    failedApproaches: 3,
    modifiedFiles: 25,
    todos: 15,
    validation: 4,
    filesToRead: 4,
    nextSteps: 5,
    openQuestions: 2,
  },
  full: {
    promptBudget: 800,
    goalChars: 2000,
    itemChars: 800,
    currentState: 8,
    keyDecisions: 12,
    failedApproaches: 8,
    modifiedFiles: 80,
    todos: 50,
    validation: 10,
    filesToRead: 8,
    nextSteps: 10,
    openQuestions: 4,
  },
};
