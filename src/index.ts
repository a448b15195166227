/**
 * The library API of agent-baton: what the `baton` CLI and the agent integrations are
 * built from. Explicit re-exports only, so that what is public is a decision made here.
 */

// The agents baton knows: one adapter each.
export {
  AGENT_ADAPTER_CONTRACT,
  type AgentAdapter,
  checkAdapter,
  defineAdapter,
} from "./adapters/agent-adapter.ts";
export {
  AGENT_ADAPTERS,
  agentIdsWith,
  findAdapter,
  loadReader,
  loadReaders,
} from "./adapters/registry.ts";
export type { AgentDescription, LaunchSpec, PromptArgument } from "./agents/agent-description.ts";
// Reading the agents' sessions.
export {
  AGENT_READER_CONTRACT,
  type AgentReader,
  type ReaderContext,
  type SessionFilter,
  type SessionInfo,
  type SessionPeek,
  type SessionRef,
  type TailResult,
} from "./agents/agent-reader.ts";
export { type FoundSession, findSession, listSessions } from "./agents/find-sessions.ts";
// Starting an agent on a prompt (`baton continue`): the command line, stdin and prompt file.
export {
  type LaunchPlan,
  type LaunchRequest,
  type PromptVia,
  planLaunch,
  platformArgumentLimit,
} from "./agents/plan-launch.ts";
// The CLI as a function, for embedding and in-process use.
export type { CliIo } from "./cli/cli-io.ts";
export { runCli } from "./cli/run-cli.ts";
export { countTokens, TOKEN_ENCODING } from "./core/count-tokens.ts";
// The contract: the Handoff model and its renderings.
export { BatonError, type BatonErrorCode, type Result } from "./core/errors.ts";
export {
  Claim,
  Decision,
  ENRICH_MARKER,
  emptySections,
  emptySource,
  Fact,
  FailedApproach,
  FileChange,
  FileState,
  FileToRead,
  HANDOFF_SCHEMA,
  Handoff,
  HandoffStatus,
  ModifiedFile,
  Provenance,
  SECTION_HEADINGS,
  type SectionName,
  Sections,
  Source,
  Todo,
  TodoStatus,
  TokenCounts,
  Trigger,
  Validation,
} from "./core/handoff.ts";
export {
  type ParseDocumentOptions,
  parseDocument,
  parseSectionsMarkdown,
  safeParseDocument,
} from "./core/parse-document.ts";
export { renderDocument } from "./core/render-document.ts";
export { renderMessages } from "./core/render-messages.ts";
export {
  DEFAULT_PROMPT_BUDGET,
  type RenderedPrompt,
  type RenderPromptOptions,
  renderPrompt,
} from "./core/render-prompt.ts";
export {
  FileTouch,
  Session,
  SessionMessage,
  SessionTodo,
  ToolCall,
  ToolCategory,
} from "./core/session.ts";
export {
  fromSessionState,
  renderSessionStatePrompt,
  SESSION_STATE_VERSION,
  SessionState,
  type SessionStateImport,
  toSessionState,
} from "./core/session-state.ts";
// Git facts.
export {
  type CaptureGitOptions,
  captureGit,
  type GitFile,
  type GitState,
} from "./git/capture-git.ts";
export { findPlanFiles, type PlanFile } from "./git/find-plan-files.ts";
export { toModifiedFiles } from "./git/to-modified-files.ts";
export type {
  AgentIntegration,
  InstallOutcome,
  InstallRequest,
} from "./integrations/agent-integration.ts";
// The Claude Code integration: its hooks, its install into settings, and the session-state files.
export {
  applyPlan,
  batonHooks,
  type InstallPlan,
  type InstallScope,
  installTarget,
  planInstall,
  planUninstall,
} from "./integrations/claude-code/install-claude-code.ts";
export {
  CLAUDE_HOOK_EVENTS,
  type ClaudeHookEvent,
  runClaudeHook,
} from "./integrations/claude-code/run-claude-hook.ts";
export {
  restoreSessionState,
  saveSessionState,
} from "./integrations/session-state/save-session-state.ts";
// Redaction.
export {
  type HandoffRedaction,
  redactHandoff,
  redactHandoffFast,
} from "./safety/redact-handoff.ts";
export {
  type Redaction,
  type RedactOptions,
  redactText,
  redactTextFast,
} from "./safety/redact-text.ts";
export type { SecretKind } from "./safety/secret-kind.ts";
// The handoff store.
export {
  type ClaimOptions,
  type HandoffStore,
  type ListEntry,
  NewHandoff,
  openStore,
  type StoreEntry,
  type StoreOptions,
} from "./store/open-store.ts";
export {
  DEFAULT_HANDOFF_DIR,
  HANDOFF_DIR_ENV,
  resolveHandoffDir,
} from "./store/resolve-handoff-dir.ts";
export { slugifyTopic } from "./store/slugify-topic.ts";
// Building a handoff from git and given sections.
export {
  type BuildHandoffInput,
  buildHandoff,
  chooseTopic,
  type HandoffDraft,
} from "./summarize/build-handoff.ts";
// The one capture pipeline every command, hook and plugin calls.
export {
  type CapturedHandoff,
  type CaptureRequest,
  captureHandoff,
  type DraftedHandoff,
  draftHandoff,
} from "./summarize/capture-handoff.ts";
// A handoff from a session without any model.
export { SIZE_PRESETS, type SizePreset } from "./summarize/extractive/size-presets.ts";
export {
  type GivenOptions,
  type GivenSections,
  givenFromOptions,
  givenFromText,
} from "./summarize/given.ts";
export { mergeWithParent } from "./summarize/merge-with-parent.ts";
export { openProject, type Project } from "./summarize/open-project.ts";
export {
  type SectionsFromSessionInput,
  sectionsFromSession,
} from "./summarize/sections-from-session.ts";
export { sourceFromSession } from "./summarize/source-from-session.ts";
export { summarizeSession } from "./summarize/summarize-session.ts";
export { withTokens } from "./summarize/with-tokens.ts";
