import { emptySource, HANDOFF_SCHEMA, type Handoff } from "../../src/core/handoff.ts";

/** A realistic handoff, as capture plus a model's summary would produce it. */
export function sampleHandoff(): Handoff {
  return {
    schema: HANDOFF_SCHEMA,
    id: "2026-04-14-auth-refresh",
    created: "2026-04-14T10:30:00.000Z",
    trigger: "compact",
    status: "open",
    topic: "auth-refresh",
    branch: "feat/auth-refresh",
    head: "3f2a9c1d7e0b4a5f6c8d9e0a1b2c3d4e5f6a7b8c",
    dirty: true,
    source: {
      ...emptySource(),
      agent: "claude-code",
      sessionId: "5e8d53e3-eb42-282a-9b1c-0a1b2c3d4e5f",
      transcript: "~/.claude/projects/-work-app/5e8d53e3.jsonl",
      model: "claude-sonnet-4-5",
      provider: "anthropic",
    },
    parent: "2026-04-13-auth-login",
    claim: null,
    restoredAt: null,
    supersededBy: null,
    tokens: { document: 812, prompt: 240 },
    redactions: 1,
    sections: {
      goal: {
        text: "Make token refresh safe when several tabs refresh at once, without logging the user out.",
        provenance: "claimed",
      },
      currentState: [
        { text: "Login and session persistence work.", provenance: "claimed" },
        { text: "2 of 5 todos done", provenance: "verified" },
      ],
      keyDecisions: [
        {
          decision: "Serialise refreshes with a mutex in `session.ts`",
          reason: "two tabs used the same refresh token and the second got a 401",
          provenance: "claimed",
        },
      ],
      failedApproaches: [
        {
          approach: "Retry once on 401",
          reason: "it doubled the requests and still raced",
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
          path: "src/auth/refresh.ts",
          change: "renamed",
          state: "staged",
          from: "src/auth/token.ts",
          provenance: "verified",
        },
        {
          path: "notes/race condition.md",
          change: "untracked",
          state: "untracked",
          from: null,
          provenance: "verified",
        },
      ],
      todos: [
        { text: "Add login endpoint", status: "completed", provenance: "verified" },
        { text: "Persist the session", status: "completed", provenance: "verified" },
        { text: "Fix the token refresh race", status: "in_progress", provenance: "verified" },
        { text: "Add logout endpoint", status: "pending", provenance: "verified" },
        { text: "Cookie fallback", status: "cancelled", provenance: "verified" },
      ],
      validation: [
        {
          command: "npm test -- auth",
          exitCode: 1,
          at: "2026-04-14T10:28:41Z",
          head: "3f2a9c1",
          dirty: true,
          errorLine: "AssertionError: expected 401 to be 200",
          provenance: "verified",
        },
      ],
      filesToRead: [
        {
          path: "docs/plans/auth-refresh.md",
          reason: "the plan, steps 3-5 remain",
          provenance: "verified",
        },
      ],
      nextSteps: [
        { text: "Add the mutex around `refresh()`", provenance: "claimed" },
        { text: "Test concurrent requests\nwith two tabs open", provenance: "claimed" },
      ],
      openQuestions: [],
    },
  };
}
