import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { makeAgentHome } from "../support/agents/agent-home.ts";
import { runClaudeCode } from "../support/agents/run-claude-code.ts";
import { reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";
import { makeTempDir } from "../support/temp-repo.ts";
import {
  baton,
  plantUntrustedHandoffs,
  pullTeammateHandoff,
  TEAMMATE,
  UNTRUSTED_TEXTS,
} from "../support/trust-gate-setup.ts";

/**
 * Issue 14's proof in the real Claude Code: a handoff committed by someone else (unsigned)
 * and one signed here and then edited never reach the model, only a one-line notice does;
 * a teammate's handoff, pulled with `baton pull` and signed by a key trusted here, does.
 */

describe.sequential("the trust gate in the real Claude Code", { timeout: 240_000 }, () => {
  const home = makeAgentHome({ branch: "main" });
  const env = home.env();
  let server: ModelServer | undefined;
  let teammate: { cleanup: () => void } | undefined;
  const teammateConfig = makeTempDir("baton-teammate-config-");
  afterAll(async () => {
    await server?.close();
    teammate?.cleanup();
    rmSync(teammateConfig, { recursive: true, force: true });
    home.cleanup();
  });

  const handoffDir = join(home.repo.dir, "docs/handoffs");
  const statusOf = (name: string) =>
    parseDocument(readFileSync(join(handoffDir, name), "utf8")).status;

  it("a foreign unsigned handoff and a tampered signed one are not injected: the model gets one line of notice", async () => {
    baton(home.repo.dir, env, "install", "claude-code");
    home.repo.commit("baton hooks");
    // Someone else's commit brings a handoff nobody signed; one signed here was edited.
    plantUntrustedHandoffs(home.repo, env);

    server = await startModelServer({ script: [reply("Nothing to pick up.")] });
    const run = await runClaudeCode({ home, baseUrl: server.url, prompt: "Carry on." });
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    const [first] = server.turnRequests();
    const sent = JSON.stringify(server.requests.map((request) => request.body));
    expect(first?.text).toContain("baton: an unverified handoff is waiting");
    // What was sent is searched as a whole: the notice is there, so the handoffs would be.
    expect(sent).toContain("an unverified handoff is waiting");
    for (const text of UNTRUSTED_TEXTS) {
      expect(sent).not.toContain(text);
    }
    // Neither was claimed.
    const names = readdirSync(handoffDir).filter((name) => name.endsWith(".md"));
    expect(names).toHaveLength(2);
    for (const name of names) expect(statusOf(name)).toBe("open");
  });

  it("a trusted teammate's handoff pulled with baton pull is injected (the others still are not)", async () => {
    await server?.close();
    const pulledTeammate = pullTeammateHandoff(home.repo, env, teammateConfig);
    teammate = pulledTeammate;
    const pulled = pulledTeammate.pulled;
    expect(pulled).toBeDefined();

    server = await startModelServer({ script: [reply("Picking up the teammate's work.")] });
    const run = await runClaudeCode({ home, baseUrl: server.url, prompt: "Carry on." });
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    const [first] = server.turnRequests();
    expect(first?.text).toContain("An open handoff from an earlier session");
    expect(first?.text).toContain(TEAMMATE);
    const sent = JSON.stringify(server.requests.map((request) => request.body));
    for (const text of ["FOREIGN-7K2", "TAMPERED-9P4", "ORIGINAL-3M8"])
      expect(sent).not.toContain(text);
    expect(
      existsSync(join(handoffDir, pulled as string)) ||
        existsSync(join(handoffDir, "_archive", pulled as string)),
    ).toBe(true);
  });
});
