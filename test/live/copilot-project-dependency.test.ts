import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { makeAgentHome } from "../support/agents/agent-home.ts";
import { COPILOT_BIN, hasCopilot, runCopilot } from "../support/agents/run-copilot.ts";
import { anthropicMessages } from "../support/model-server/anthropic-messages.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";
import { npmInstall, PINNED_NODE, packBaton } from "../support/pack-baton.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * A team's set-up in the real Copilot CLI: baton is the repository's devDependency (the
 * packed package, npm-installed into it) and `npx baton install copilot` writes
 * .github/ files that name no machine's paths, safe to commit. Copilot then runs them:
 * the hooks under COPILOT_PROJECT_DIR, the MCP server by npx, also from a subfolder.
 */
describe.skipIf(!hasCopilot())(
  `baton as the project's dependency, in the real Copilot CLI (${COPILOT_BIN})`,
  { timeout: 300_000 },
  () => {
    const home = makeAgentHome({ branch: "feat/team" });
    const work = makeTempDir("baton-copilot-dep-");
    let server: ModelServer | undefined;
    afterAll(async () => {
      await server?.close();
      home.cleanup();
      execFileSync("rm", ["-rf", work]);
    });

    it("hands over at session start and captures at its end, with files safe to commit", async () => {
      const { tarball } = packBaton(work);
      npmInstall(tarball, { project: home.repo.dir });
      home.repo.write(".gitignore", "node_modules/\n");
      home.repo.write("check.sh", 'echo "FAIL: total(2, 2) expected 4, got 5"; exit 1\n');
      home.repo.write("src/app/.keep", "");
      home.repo.commit("baton as a devDependency; a failing check");
      const local = (...args: string[]) =>
        execFileSync(join(home.repo.dir, "node_modules/.bin/baton"), args, {
          cwd: home.repo.dir,
          env: home.env(),
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        });
      execFileSync(join(home.repo.dir, "node_modules/.bin/baton"), ["install", "copilot"], {
        cwd: home.repo.dir,
        env: home.env(),
        stdio: "ignore",
      });
      const written = [".github/hooks/baton.json", ".github/mcp.json"].map((path) =>
        readFileSync(join(home.repo.dir, path), "utf8"),
      );
      for (const text of written) {
        expect(text).not.toContain(home.repo.dir);
        expect(text).not.toContain(PINNED_NODE);
        expect(text).not.toContain(process.execPath);
      }
      expect(local("doctor")).not.toContain("do not commit");
      local("create", "--goal", "Share the Copilot install", "--next", "Commit .github");

      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({
            name: "bash",
            input: { command: "sh ../../check.sh", description: "Check" },
          }),
          reply("The total check fails."),
        ],
      });
      // Started in a subfolder: the hooks still find the project's baton.
      const run = await runCopilot({
        home,
        baseUrl: server.url,
        prompt: "Pick up where the last session stopped.",
        cwd: join(home.repo.dir, "src/app"),
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const [request] = server.turnRequests();
      expect(request?.text).toContain("An open handoff from an earlier session");
      expect(request?.text).toContain("Share the Copilot install");
      const body = request?.body as { tools?: { name: string }[] } | undefined;
      expect((body?.tools ?? []).map((tool) => tool.name)).toContain("baton-read_session");

      const dir = join(home.repo.dir, "docs/handoffs");
      const live = readdirSync(dir)
        .filter((name) => name.endsWith(".md"))
        .map((name) => parseDocument(readFileSync(join(dir, name), "utf8")));
      const ended = live.find((handoff) => handoff.source.sessionId === run.sessionId);
      expect(ended?.source.agent).toBe("copilot");
      expect(ended?.sections.validation).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ command: "sh ../../check.sh", exitCode: 1 }),
        ]),
      );
      const log = join(home.home, ".local/state/baton/hooks.log");
      expect(existsSync(log) ? readFileSync(log, "utf8") : "").toBe("");
    });
  },
);
