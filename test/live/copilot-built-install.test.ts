import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { makeAgentHome } from "../support/agents/agent-home.ts";
import { COPILOT_BIN, hasCopilot, runCopilot } from "../support/agents/run-copilot.ts";
import { anthropicMessages } from "../support/model-server/anthropic-messages.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

/**
 * Copilot CLI with baton installed from the built package (`dist/`, what `npm install`
 * gives a user; copilot-integration.test.ts installs from the sources). Its hooks start
 * fast, and Copilot 1.0.102 runs sessionEnd before it writes the session's events.jsonl:
 * the hook must wait for the file, or the session's end leaves no handoff.
 */
const BUILT_MAIN = resolve(import.meta.dirname, "../../dist/cli/main.js");

describe.skipIf(!hasCopilot() || !existsSync(BUILT_MAIN))(
  `baton built, in the real Copilot CLI (${COPILOT_BIN})`,
  { timeout: 120_000 },
  () => {
    const home = makeAgentHome({ branch: "feat/built" });
    let server: ModelServer | undefined;
    afterAll(async () => {
      await server?.close();
      home.cleanup();
    });

    it("the session's end leaves its handoff, though Copilot writes the transcript after the hook starts", async () => {
      execFileSync(process.execPath, [BUILT_MAIN, "install", "copilot"], {
        cwd: home.repo.dir,
        env: home.env(),
        stdio: "ignore",
      });
      const hooks = readFileSync(join(home.repo.dir, ".github/hooks/baton.json"), "utf8");
      expect(hooks).toContain("dist/cli/hook-main.js copilot sessionEnd");
      home.repo.write("check.sh", 'echo "FAIL: total(2, 2) expected 4, got 5"; exit 1\n');
      home.repo.commit("a failing check");
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({ name: "bash", input: { command: "sh check.sh", description: "Check" } }),
          reply("The total check fails."),
        ],
      });
      const run = await runCopilot({ home, baseUrl: server.url, prompt: "Run the check." });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const dir = join(home.repo.dir, "docs/handoffs");
      const written = existsSync(dir)
        ? readdirSync(dir).filter((name) => name.endsWith(".md"))
        : [];
      expect(written).toHaveLength(1);
      const handoff = parseDocument(readFileSync(join(dir, written[0] as string), "utf8"));
      expect(handoff.source).toMatchObject({ agent: "copilot", sessionId: run.sessionId });
      expect(handoff.sections.validation).toEqual(
        expect.arrayContaining([expect.objectContaining({ command: "sh check.sh", exitCode: 1 })]),
      );
      const log = join(home.home, ".local/state/baton/hooks.log");
      expect(existsSync(log) ? readFileSync(log, "utf8") : "").toBe("");
    });
  },
);
