import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agentIdOf, displayNameOf, findAdapter } from "../../../src/adapters/registry.ts";
import { claudeCodeReader } from "../../../src/agents/claude-code/claude-code-reader.ts";
import { emptySource } from "../../../src/core/handoff.ts";
import { captureGit } from "../../../src/git/capture-git.ts";
import {
  restoreSessionState,
  saveSessionState,
} from "../../../src/integrations/session-state/save-session-state.ts";
import { openStore } from "../../../src/store/open-store.ts";
import { buildHandoff } from "../../../src/summarize/build-handoff.ts";
import { makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

const FIXTURE = resolve(import.meta.dirname, "../../fixtures/claude-code/2.1.197/fix-off-by-one");
const facts = JSON.parse(readFileSync(join(FIXTURE, "facts.json"), "utf8"));
const reader = {
  env: { CLAUDE_CONFIG_DIR: join(FIXTURE, "home/.claude") },
  homedir: join(FIXTURE, "home"),
};
const now = new Date("2026-11-21T12:00:00Z");

let repo: TempRepo;
beforeEach(() => {
  repo = makeTempRepo({ branch: "feat/state" });
  repo.write("lib/auth.ts", "export {};\n");
  repo.commit("auth");
  repo.write("lib/auth.ts", "export const auth = 1;\n");
  repo.write("components/LoginButton.tsx", "export {};\n");
  repo.git("add", "lib/auth.ts");
});
afterEach(() => repo.cleanup());

function target(agent: string) {
  const adapter = findAdapter(agent, "sessionStatePath", "with a session-state file");
  return { agent: adapter.id, displayName: adapter.displayName, path: adapter.sessionStatePath };
}

async function save(agent: string, claudeSessionId: string | null = null) {
  const ref = (await claudeCodeReader.locateSessions(reader)).find(
    (candidate) => candidate.id === claudeSessionId,
  );
  return saveSessionState({
    target: target(agent),
    cwd: repo.dir,
    env: {},
    now,
    session: ref === undefined ? null : claudeCodeReader.readSession(ref.location, reader),
  });
}

describe("baton save / restore <agent>", () => {
  it("writes .claude/.session-state.json from git alone, as seed 001's script does", async () => {
    const saved = await save("claude");
    expect(saved.path).toBe(join(repo.dir, ".claude/.session-state.json"));
    expect(saved.basis).toBe("git");
    const written = JSON.parse(readFileSync(saved.path, "utf8"));
    expect(written).toMatchObject({
      version: "2.0",
      timestamp: now.toISOString(),
      agent: "claude-code",
      git: {
        branch: "feat/state",
        uncommitted_changes: true,
        staged_files: ["lib/auth.ts"],
        last_commit: repo.git("rev-parse", "HEAD").trim(),
      },
      context: { files_modified: ["lib/auth.ts"], files_created: ["components/"] },
    });
  });

  it("inside Claude Code, takes the task and next steps from this session's transcript", async () => {
    const saved = await save("claude-code", facts.sessionId);
    expect(saved.basis).toBe(`Claude Code session ${facts.sessionId}`);
    expect(saved.state.task.description).toBe(facts.goal);
    expect(saved.state.context.next_steps).toContain("Add a subtract() helper");
    expect(saved.state.provider).toBe("anthropic");
  });

  it("prefers the newest open handoff of the branch, and writes each agent's own path", async () => {
    const git = await captureGit(repo.dir);
    const store = openStore({ root: repo.dir, env: {} });
    const draft = buildHandoff({
      git,
      modifiedFiles: null,
      planFiles: [],
      given: {
        goal: { text: "Implement user authentication with NextAuth", provenance: "claimed" },
        nextSteps: [{ text: "Add session provider to layout", provenance: "claimed" }],
      },
      trigger: "manual",
      topic: "auth",
      parent: null,
      created: now.toISOString(),
      source: { ...emptySource(), agent: "opencode", provider: "groq_primary" },
    });
    const { handoff } = await store.create(draft);
    const saved = await save("opencode");
    expect(saved.path).toBe(join(repo.dir, ".opencode/.session-state.json"));
    expect(saved.basis).toBe(`handoff ${handoff.id}`);
    expect(saved.state).toMatchObject({
      agent: "opencode",
      provider: "groq_primary",
      task: { description: "Implement user authentication with NextAuth" },
      context: { next_steps: ["Add session provider to layout"] },
    });
    expect((await save("copilot")).path).toBe(join(repo.dir, ".github/copilot-session-state.json"));

    const restored = await restoreSessionState(
      repo.dir,
      target("opencode"),
      displayNameOf,
      agentIdOf,
    );
    expect(restored.prompt).toMatch(/^I'm continuing work from OpenCode\. Session state restored:/);
    expect(restored.prompt).toContain("Task: Implement user authentication with NextAuth");
    expect(restored.prompt).toContain("1. Add session provider to layout");
  });

  it("restore without a saved state says how to make one", async () => {
    await expect(restoreSessionState(repo.dir, target("claude-code"))).rejects.toThrow(
      'no session state for claude-code at .claude/.session-state.json (run "baton save claude-code")',
    );
    expect(() => target("emacs")).toThrow(
      /unknown agent "emacs"; the agents with a session-state file are claude-code, opencode, copilot/,
    );
    expect(() => target("codex")).toThrow(
      /Codex is not one of the agents with a session-state file/,
    );
  });
});
