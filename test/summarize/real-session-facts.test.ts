import { describe, expect, it } from "vitest";
import { loadReaders } from "../../src/adapters/registry.ts";
import { findSession } from "../../src/agents/find-sessions.ts";
import { captureGit } from "../../src/git/capture-git.ts";
import { summarizeSession } from "../../src/summarize/summarize-session.ts";
import {
  REAL_SESSIONS_PRESENT,
  REAL_SESSIONS_SKIP_MESSAGE,
  realContext,
} from "../support/real-sessions/real-sessions.ts";

/**
 * Issue 12's cases on the real sessions they were found in (../shared/real-sessions, read
 * in place): what the handoff of each must and must not say.
 */
async function summarizeReal(folder: string, id: string) {
  const context = realContext(folder);
  const { reader, info } = await findSession(context, await loadReaders("claude-code"), { id });
  const session = await reader.readSession(info.location, context);
  return summarizeSession(session, await captureGit("/nonexistent-baton-real"));
}

describe.runIf(REAL_SESSIONS_PRESENT)("issue 12 on real sessions", () => {
  it("spotter-fum: no next step the session finished after its compaction (fum.3 was closed)", async () => {
    const s = await summarizeReal("claude-spotter", "8463c716");
    const steps = (s.nextSteps ?? []).map((step) => step.text);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((step) => /fum\.3\b/.test(step) && !/blocked by/.test(step))).toEqual([]);
    expect(steps.join("\n")).not.toMatch(/NOT yet compiled/i);
  });

  it("a session that opens with 'show tools' has the request after it as its goal", async () => {
    const s = await summarizeReal("claude-codemie", "3fb74381");
    expect(s.goal?.text).toMatch(/^expore current repo/);
  });
});

describe.skipIf(REAL_SESSIONS_PRESENT)("issue 12 on real sessions", () => {
  it.skip(REAL_SESSIONS_SKIP_MESSAGE, () => {});
});
