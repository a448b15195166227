import { emptySections, emptySource, type Handoff } from "../../src/core/handoff.ts";
import type { NewHandoff } from "../../src/store/open-store.ts";

/** A complete, valid handoff before naming, with the fields a test cares about overridden. */
export function makeNewHandoff(overrides: Partial<NewHandoff> = {}): NewHandoff {
  return {
    schema: "baton/handoff@1",
    created: "2026-11-21T10:00:00.000Z",
    trigger: "manual",
    status: "open",
    topic: "fix login",
    branch: "main",
    head: "0123456789abcdef0123456789abcdef01234567",
    dirty: false,
    source: { ...emptySource(), agent: "claude-code", sessionId: "s-1" },
    parent: null,
    claim: null,
    restoredAt: null,
    supersededBy: null,
    tokens: null,
    redactions: 0,
    sections: {
      ...emptySections(),
      goal: { text: "Make login survive restarts", provenance: "claimed" },
      nextSteps: [{ text: "Run the auth tests", provenance: "claimed" }],
    },
    ...overrides,
  };
}

export function makeHandoff(overrides: Partial<Handoff> = {}): Handoff {
  return { ...makeNewHandoff(), id: "2026-11-21-fix-login", ...overrides };
}
