import {
  emptySections,
  emptySource,
  HANDOFF_SCHEMA,
  type Handoff,
} from "../../src/core/handoff.ts";

/** A handoff with nothing filled in: every section holds the enrich marker. */
export function bareHandoff(overrides: Partial<Handoff> = {}): Handoff {
  return {
    schema: HANDOFF_SCHEMA,
    id: "2026-11-21-auth-flow",
    created: "2026-11-21T10:30:00.000Z",
    trigger: "manual",
    status: "open",
    topic: "auth-flow",
    branch: null,
    head: null,
    dirty: null,
    source: emptySource(),
    parent: null,
    claim: null,
    restoredAt: null,
    supersededBy: null,
    tokens: null,
    redactions: 0,
    sections: emptySections(),
    ...overrides,
  };
}

export const HEAD = "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";

/** Seed 000's auth-flow session, with every section filled. */
export function authHandoff(): Handoff {
  return bareHandoff({
    branch: "feat/auth-refresh",
    head: HEAD,
    dirty: true,
    source: {
      agent: "opencode",
      sessionId: "ses_abc123",
      transcript: "~/.local/share/opencode/storage/session/ses_abc123.json",
      model: "claude-sonnet-4-5",
      provider: "anthropic",
      agentMode: "build",
    },
    sections: {
      goal: { text: "Build the auth flow for the user dashboard.", provenance: "claimed" },
      currentState: [
        { text: "Login works and session persistence is implemented.", provenance: "claimed" },
        { text: "Currently fixing the token refresh race.", provenance: "claimed" },
      ],
      keyDecisions: [
        {
          decision: "Refresh tokens in a single in-flight promise",
          reason: "parallel requests each refreshed and invalidated each other",
          provenance: "claimed",
        },
      ],
      failedApproaches: [
        {
          approach: "Retrying the request after a 401",
          reason: "the retry raced with the refresh too",
          provenance: "claimed",
        },
      ],
      modifiedFiles: [
        {
          path: "src/auth/session.ts",
          change: "modified",
          state: "staged",
          from: null,
          provenance: "verified",
        },
        {
          path: "src/api/routes.ts",
          change: "modified",
          state: "unstaged",
          from: null,
          provenance: "verified",
        },
        {
          path: "src/auth/refresh-lock.ts",
          change: "untracked",
          state: "untracked",
          from: null,
          provenance: "verified",
        },
      ],
      todos: [
        { text: "Log in with email", status: "completed", provenance: "verified" },
        { text: "Persist the session", status: "completed", provenance: "verified" },
        { text: "Add the session provider", status: "completed", provenance: "verified" },
        {
          text: "Fix token refresh race condition",
          status: "in_progress",
          provenance: "verified",
        },
        { text: "Add logout endpoint", status: "pending", provenance: "verified" },
        { text: "Write integration tests", status: "pending", provenance: "verified" },
      ],
      validation: [
        {
          command: "npx tsc --noEmit",
          exitCode: 0,
          at: "2026-11-21T10:20:00.000Z",
          head: HEAD,
          dirty: true,
          errorLine: null,
          provenance: "verified",
        },
        {
          command: "npm test",
          exitCode: 1,
          at: "2026-11-21T10:25:00.000Z",
          head: HEAD,
          dirty: true,
          errorLine: "FAIL test/auth/refresh.test.ts > refreshes once for parallel requests",
          provenance: "verified",
        },
      ],
      filesToRead: [{ path: "docs/plans/auth.md", reason: "the plan", provenance: "verified" }],
      nextSteps: [
        { text: "Add a mutex for token refresh", provenance: "claimed" },
        { text: "Test concurrent requests", provenance: "claimed" },
      ],
      openQuestions: [
        { text: "Should logout revoke the refresh token server-side?", provenance: "claimed" },
      ],
    },
  });
}
