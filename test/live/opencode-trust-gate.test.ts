import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { makeAgentHome } from "../support/agents/agent-home.ts";
import { runOpenCode } from "../support/agents/run-opencode.ts";
import { openaiChat } from "../support/model-server/openai-chat.ts";
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
 * Issue 14's proof in the real OpenCode 1.18.33, with baton's plugin installed by the real
 * `baton install opencode`: at a session's first message the plugin gives it the waiting
 * handoff only when a trusted key signed it. A handoff someone else committed (unsigned)
 * and one signed here and then edited reach the model as a one-line notice, never as text;
 * a teammate's handoff pulled with `baton pull`, signed by a key trusted here, is given,
 * claimed, and restored once the session has answered.
 */

describe.sequential("the trust gate in the real OpenCode", { timeout: 240_000 }, () => {
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
  const documents = () => readdirSync(handoffDir).filter((name) => name.endsWith(".md"));
  const statusOf = (name: string) =>
    parseDocument(readFileSync(join(handoffDir, name), "utf8")).status;
  const sent = () => JSON.stringify(server?.requests.map((request) => request.body));

  it("a foreign unsigned handoff and a tampered signed one are not given: the model gets one line of notice", async () => {
    baton(home.repo.dir, env, "install", "opencode", "--scope", "user");
    plantUntrustedHandoffs(home.repo, env);

    server = await startModelServer({ adapters: [openaiChat], script: [reply("Nothing to do.")] });
    const run = await runOpenCode({ home, baseUrl: server.url, prompt: "Carry on." });
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.errors).toEqual([]);
    const [first] = server.turnRequests();
    expect(first?.text).toContain("baton: an unverified handoff is waiting");
    expect(first?.text).toContain("Carry on.");
    for (const text of UNTRUSTED_TEXTS) {
      expect(sent()).not.toContain(text);
    }
    // Neither was claimed.
    expect(documents()).toHaveLength(2);
    for (const name of documents()) expect(statusOf(name)).toBe("open");
  });

  it("a trusted teammate's handoff pulled with baton pull is given, claimed and restored (the others still are not)", async () => {
    await server?.close();
    const pulledTeammate = pullTeammateHandoff(home.repo, env, teammateConfig);
    teammate = pulledTeammate;
    const pulled = pulledTeammate.pulled;
    expect(pulled).toBeDefined();

    server = await startModelServer({
      adapters: [openaiChat],
      script: [reply("Picking up the teammate's work."), reply("Still on it.")],
    });
    const run = await runOpenCode({ home, baseUrl: server.url, prompt: "Carry on." });
    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    const [first] = server.turnRequests();
    expect(first?.text).toContain("An open handoff from an earlier session");
    expect(first?.text).toContain(TEAMMATE);
    for (const text of ["FOREIGN-7K2", "TAMPERED-9P4", "ORIGINAL-3M8"]) {
      expect(sent()).not.toContain(text);
    }
    // Claimed for this session; its lease keeps other sessions from taking it meanwhile.
    const claimed = parseDocument(readFileSync(join(handoffDir, pulled as string), "utf8"));
    expect(claimed.status).toBe("claimed");
    expect(claimed.claim?.session).toBe(run.sessionId);

    // The same session's next message gets nothing more: one session, one handoff.
    const again = await runOpenCode({
      home,
      baseUrl: server.url,
      prompt: "And now?",
      session: run.sessionId,
    });
    expect(again.exitCode, again.stderr).toBe(0);
    const second = server.turnRequests().at(-1);
    expect(second?.text).toContain("And now?");
    expect((second?.text ?? "").split("An open handoff from an earlier session")).toHaveLength(2);
    // Back for another turn, the session proceeded: the handoff is taken (restored, archived).
    const taken = parseDocument(
      readFileSync(join(handoffDir, "_archive", pulled as string), "utf8"),
    );
    expect(taken.status).toBe("archived");
    expect(taken.restoredAt).not.toBeNull();
    expect(taken.claim?.session).toBe(run.sessionId);
  });
});
