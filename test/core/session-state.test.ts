import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agentIdOf, displayNameOf } from "../../src/adapters/registry.ts";
import { BatonError } from "../../src/core/errors.ts";
import { emptySections, type Handoff, type ModifiedFile } from "../../src/core/handoff.ts";
import {
  classifyValidation,
  fromSessionState,
  renderSessionStatePrompt,
  SessionState,
  type SessionStateImport,
  toSessionState,
} from "../../src/core/session-state.ts";
import { authHandoff, bareHandoff, HEAD } from "./prompt-fixtures.ts";

/** Seed 001's schema example, verbatim. */
const SEED_STATE = {
  version: "2.0",
  timestamp: "2026-01-05T12:30:00Z",
  agent: "opencode",
  provider: "groq_primary",
  task: {
    description: "Implement user authentication with NextAuth",
    status: "in_progress",
    priority: "high",
    estimated_time: "2 hours",
    time_spent: "45 minutes",
  },
  context: {
    files_modified: ["app/api/auth/[...nextauth]/route.ts", "lib/auth.ts"],
    files_created: ["components/auth/LoginButton.tsx"],
    next_steps: [
      "Add session provider to layout",
      "Test login flow",
      "Update environment variables",
    ],
  },
  git: {
    branch: "feat/nextauth-integration",
    uncommitted_changes: true,
    staged_files: ["app/api/auth/[...nextauth]/route.ts"],
    last_commit: "abc123",
    issues: ["#42"],
    prs: [],
  },
  validation: { typescript: "pass", eslint: "pass", tests: "not_run", strict_rules: "pending" },
};

/** What seed 001's save-session-state.sh writes: no task, context or validation. */
const SCRIPT_STATE = {
  version: "2.0",
  timestamp: "2026-01-05T12:30:00Z",
  agent: "claude",
  provider: "unknown",
  git: {
    branch: "feat/nextauth-integration",
    uncommitted_changes: false,
    staged_files: ["lib/auth.ts"],
    last_commit: "abc123",
    issues: ["42", "57"],
  },
};

function handoffFrom(imported: SessionStateImport): Handoff {
  return bareHandoff({
    created: imported.created ?? "2026-11-21T00:00:00.000Z",
    branch: imported.branch,
    head: imported.head,
    dirty: imported.dirty,
    source: imported.source,
    sections: { ...emptySections(), ...imported.sections },
  });
}

describe("SessionState: seed 001's v2.0 JSON, parsed loosely", () => {
  it("parses the seed's example unchanged", () => {
    expect(SessionState.parse(SEED_STATE)).toEqual({ ...SEED_STATE, notes: [] });
  });

  it("defaults what the seed's own save script leaves out", () => {
    const state = SessionState.parse(SCRIPT_STATE);
    expect(state.task).toEqual({
      description: "",
      status: "in_progress",
      priority: null,
      estimated_time: null,
      time_spent: null,
    });
    expect(state.context).toEqual({ files_modified: [], files_created: [], next_steps: [] });
    expect(state.git.prs).toEqual([]);
    expect(state.validation).toEqual({
      typescript: "not_run",
      eslint: "not_run",
      tests: "not_run",
      strict_rules: "not_run",
    });
  });

  it("keeps unknown fields out, counts them, and defaults mistyped ones", () => {
    const messy = {
      ...SEED_STATE,
      escalation: "3+ STRICT violations after 2 auto-fix attempts",
      task: { ...SEED_STATE.task, owner: "dx-team", priority: 3 },
      git: { ...SEED_STATE.git, staged_files: "lib/auth.ts", issues: [42, "#7", null, ""] },
      validation: { typescript: "passed", eslint: false, tests: "FAILED", strict_rules: "maybe" },
    };
    const { state, ignored } = fromSessionState(messy);
    expect(ignored).toBe(2);
    expect(state).not.toHaveProperty("escalation");
    expect(state.task).not.toHaveProperty("owner");
    expect(state.task.priority).toBeNull();
    expect(state.git.staged_files).toEqual([]);
    expect(state.git.issues).toEqual(["42", "#7"]);
    expect(state.validation).toEqual({
      typescript: "pass",
      eslint: "fail",
      tests: "fail",
      strict_rules: "not_run",
    });
  });

  it("refuses a value that is not a JSON object with a schema error", () => {
    for (const bad of [null, "{}", [SEED_STATE], 2]) {
      expect(() => fromSessionState(bad)).toThrowError(
        expect.objectContaining({ code: "schema" }) as unknown as Error,
      );
      try {
        fromSessionState(bad);
      } catch (error) {
        expect(BatonError.is(error)).toBe(true);
      }
    }
  });
});

describe("fromSessionState", () => {
  const imported = fromSessionState(SEED_STATE);

  it("carries the task, files and next steps as claimed sections", () => {
    expect(imported.sections.goal).toEqual({
      text: "Implement user authentication with NextAuth",
      provenance: "claimed",
    });
    expect(imported.sections.nextSteps?.map((f) => [f.text, f.provenance])).toEqual([
      ["Add session provider to layout", "claimed"],
      ["Test login flow", "claimed"],
      ["Update environment variables", "claimed"],
    ]);
    expect(imported.sections.currentState?.map((f) => f.text)).toEqual([
      "Task status: in_progress",
      "Priority: high",
      "Time spent: 45 minutes of an estimated 2 hours",
      "Issues: #42",
    ]);
  });

  it("keeps staged files as verified git facts and the others as claimed", () => {
    expect(imported.sections.modifiedFiles).toEqual([
      {
        path: "app/api/auth/[...nextauth]/route.ts",
        change: "modified",
        state: "staged",
        from: null,
        provenance: "verified",
      },
      {
        path: "lib/auth.ts",
        change: "modified",
        state: "unstaged",
        from: null,
        provenance: "claimed",
      },
      {
        path: "components/auth/LoginButton.tsx",
        change: "added",
        state: null,
        from: null,
        provenance: "claimed",
      },
    ]);
    expect([imported.branch, imported.head, imported.dirty]).toEqual([
      "feat/nextauth-integration",
      "abc123",
      true,
    ]);
  });

  it("turns recorded results into checks against the last commit, leaving not_run out", () => {
    expect(
      imported.sections.validation?.map((v) => [v.command, v.exitCode, v.head, v.provenance]),
    ).toEqual([
      ["typecheck", 0, "abc123", "claimed"],
      ["lint", 0, "abc123", "claimed"],
      ["strict rules", null, "abc123", "claimed"],
    ]);
  });

  it("fills only what the file has: the script's output gives no goal or next steps", () => {
    const partial = fromSessionState(SCRIPT_STATE, agentIdOf);
    expect(Object.keys(partial.sections).sort()).toEqual(["currentState", "modifiedFiles"]);
    expect(partial.sections.currentState?.map((f) => f.text)).toEqual(["Issues: 42, 57"]);
    expect(partial.source.agent).toBe("claude-code");
    expect(partial.source.provider).toBeNull();
    expect(partial.dirty).toBe(false);
  });
});

describe("toSessionState", () => {
  it("writes the handoff as seed 001's v2.0 JSON", () => {
    expect(toSessionState(authHandoff())).toEqual({
      version: "2.0",
      timestamp: "2026-11-21T10:30:00.000Z",
      agent: "opencode",
      provider: "anthropic",
      task: {
        description: "Build the auth flow for the user dashboard.",
        status: "in_progress",
        priority: null,
        estimated_time: null,
        time_spent: null,
      },
      context: {
        files_modified: ["src/auth/session.ts", "src/api/routes.ts"],
        files_created: ["src/auth/refresh-lock.ts"],
        next_steps: ["Add a mutex for token refresh", "Test concurrent requests"],
      },
      git: {
        branch: "feat/auth-refresh",
        uncommitted_changes: true,
        staged_files: ["src/auth/session.ts"],
        last_commit: HEAD,
        issues: [],
        prs: [],
      },
      validation: { typescript: "pass", eslint: "not_run", tests: "fail", strict_rules: "not_run" },
      notes: [],
    });
  });

  it("writes JSON its own schema reads back unchanged", () => {
    const state = toSessionState(authHandoff());
    expect(SessionState.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it("lets the latest run of a command decide, and any failing command fail its field", () => {
    const h = authHandoff();
    const run = (command: string, exitCode: number | null) => ({
      command,
      exitCode,
      at: null,
      head: HEAD,
      dirty: false,
      errorLine: null,
      provenance: "verified" as const,
    });
    h.sections.validation = [
      run("npm test", 1),
      run("npm test", 0),
      run("npx biome check .", 0),
      run("npm run lint", 2),
      run("npx tsc --noEmit", null),
    ];
    expect(toSessionState(h).validation).toEqual({
      typescript: "pending",
      eslint: "fail",
      tests: "pass",
      strict_rules: "not_run",
    });
  });

  it("marks the task completed when every todo is done", () => {
    const h = authHandoff();
    h.sections.todos = [{ text: "All of it", status: "completed", provenance: "verified" }];
    expect(toSessionState(h).task.status).toBe("completed");
  });

  it("describes the topic when the goal is unknown and writes unknown agents as such", () => {
    const state = toSessionState(bareHandoff());
    expect(state.task.description).toBe("auth-flow");
    expect([state.agent, state.provider]).toEqual(["unknown", "unknown"]);
    expect(state.git.uncommitted_changes).toBe(false);
  });
});

describe("classifyValidation", () => {
  it.each([
    ["npx tsc --noEmit", "typescript"],
    ["npm run typecheck", "typescript"],
    ["pnpm type-check", "typescript"],
    ["npm run lint", "eslint"],
    ["npx eslint src", "eslint"],
    ["npx biome check .", "eslint"],
    ["npm test", "tests"],
    ["npx vitest run test/core", "tests"],
    ["npx jest --ci", "tests"],
    ["npm run test:run", "tests"],
    ["scripts/check-strict-rules.sh", "strict_rules"],
    ["cargo build", null],
    ["make", null],
  ])("%s → %s", (command, field) => {
    expect(classifyValidation(command)).toBe(field);
  });
});

describe("round trip: handoff → session state → handoff", () => {
  it("keeps goal, files, next steps, branch, staged files, last commit and validation outcome", () => {
    const original = authHandoff();
    const state = toSessionState(original);
    const back = handoffFrom(fromSessionState(JSON.parse(JSON.stringify(state))));

    expect(back.sections.goal?.text).toBe(original.sections.goal?.text);
    expect(back.sections.modifiedFiles?.map((f) => f.path).sort()).toEqual(
      original.sections.modifiedFiles?.map((f) => f.path).sort(),
    );
    expect(back.sections.nextSteps?.map((f) => f.text)).toEqual(
      original.sections.nextSteps?.map((f) => f.text),
    );
    expect([back.branch, back.head, back.dirty]).toEqual([original.branch, original.head, true]);
    expect(
      back.sections.modifiedFiles?.filter((f) => f.state === "staged").map((f) => f.path),
    ).toEqual(["src/auth/session.ts"]);
    expect(back.sections.validation?.map((v) => [v.command, v.exitCode])).toEqual([
      ["typecheck", 0],
      ["test", 1],
    ]);
    expect(toSessionState(back)).toEqual(state);
  });

  const pathArb = fc.stringMatching(/^[a-z][a-z0-9/._-]{0,30}$/);
  const handoffArb = fc.record({
    goal: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() === s && s !== ""),
    files: fc.uniqueArray(
      fc.record({
        path: pathArb,
        change: fc.constantFrom<ModifiedFile["change"]>(
          "added",
          "modified",
          "deleted",
          "untracked",
        ),
        staged: fc.boolean(),
      }),
      { selector: (f) => f.path, maxLength: 12 },
    ),
    steps: fc.array(
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""),
      {
        maxLength: 6,
      },
    ),
    branch: fc.option(pathArb),
    head: fc.option(fc.stringMatching(/^[0-9a-f]{40}$/)),
    dirty: fc.boolean(),
    checks: fc.array(
      fc.record({
        command: fc.constantFrom("npx tsc --noEmit", "npm run lint", "npm test", "cargo build"),
        exitCode: fc.option(fc.integer({ min: 0, max: 2 })),
      }),
      { maxLength: 6 },
    ),
  });

  it("reaches a fixed point after one trip, for any handoff", () => {
    fc.assert(
      fc.property(handoffArb, (g) => {
        const h = bareHandoff({ branch: g.branch, head: g.head, dirty: g.dirty });
        h.sections.goal = { text: g.goal, provenance: "claimed" };
        h.sections.modifiedFiles = g.files.map((f) => ({
          path: f.path,
          change: f.change,
          state: f.staged ? ("staged" as const) : ("unstaged" as const),
          from: null,
          provenance: "verified" as const,
        }));
        h.sections.nextSteps = g.steps.map((text) => ({ text, provenance: "claimed" as const }));
        h.sections.validation = g.checks.map((c) => ({
          ...c,
          at: null,
          head: g.head,
          dirty: g.dirty,
          errorLine: null,
          provenance: "verified" as const,
        }));
        const state = toSessionState(h);
        const back = handoffFrom(fromSessionState(JSON.parse(JSON.stringify(state))));
        // The JSON lists modified before created files, so staged files may come back reordered.
        const sortStaged = (st: SessionState) => ({
          ...st,
          git: { ...st.git, staged_files: [...st.git.staged_files].sort() },
        });
        expect(sortStaged(toSessionState(back))).toEqual(sortStaged(state));
        expect(back.sections.goal?.text).toBe(g.goal);
        expect(back.branch).toBe(g.branch);
        expect(back.head).toBe(g.head);
      }),
      { numRuns: 200 },
    );
  });
});

describe("renderSessionStatePrompt", () => {
  it("renders seed 001's restore template", () => {
    expect(renderSessionStatePrompt(SessionState.parse(SEED_STATE), displayNameOf)).toBe(
      [
        "I'm continuing work from OpenCode. Session state restored:",
        "",
        "Task: Implement user authentication with NextAuth",
        "Progress: 45 minutes in, 1h 15m remaining",
        "Status: in_progress",
        "Branch: feat/nextauth-integration (last commit abc123, uncommitted changes)",
        "Validation: TypeScript pass, ESLint pass, STRICT rules pending",
        "Issues: #42",
        "",
        "Modified files:",
        "- app/api/auth/[...nextauth]/route.ts (staged)",
        "- lib/auth.ts",
        "- components/auth/LoginButton.tsx (new)",
        "",
        "Next steps:",
        "1. Add session provider to layout",
        "2. Test login flow",
        "3. Update environment variables",
        "",
        "Please continue from step 1.",
      ].join("\n"),
    );
  });

  it("renders the save script's sparse state without inventing a task", () => {
    expect(renderSessionStatePrompt(SessionState.parse(SCRIPT_STATE), displayNameOf)).toBe(
      [
        "I'm continuing work from Claude Code. Session state restored:",
        "",
        "Status: in_progress",
        "Branch: feat/nextauth-integration (last commit abc123)",
        "Issues: 42, 57",
        "",
        "Please continue the task.",
      ].join("\n"),
    );
  });

  it("bounds long lists", () => {
    const state = SessionState.parse({
      ...SEED_STATE,
      context: { files_modified: Array.from({ length: 500 }, (_, i) => `src/f${i}.ts`) },
    });
    const text = renderSessionStatePrompt(state, displayNameOf);
    expect(text).toContain("- src/f19.ts\n- … and 480 more");
    expect(text).not.toContain("src/f20.ts");
  });

  it("says when the time spent is over the estimate, and renders a handoff's own state", () => {
    const over = SessionState.parse({
      ...SEED_STATE,
      task: { ...SEED_STATE.task, time_spent: "2h 30m" },
    });
    expect(renderSessionStatePrompt(over, displayNameOf)).toContain(
      "Progress: 2h 30m in, over the 2 hours estimate",
    );
    const own = renderSessionStatePrompt(toSessionState(authHandoff()), displayNameOf);
    expect(own).toContain("Task: Build the auth flow for the user dashboard.");
    expect(own).toContain("Validation: TypeScript pass, Tests fail");
    expect(own).toContain("- src/auth/refresh-lock.ts (new)");
  });
});
