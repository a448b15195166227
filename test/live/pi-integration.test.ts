import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { PROJECT_ROOT } from "../cli/run-baton.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import {
  hasPi,
  PI_CLI,
  PI_MODEL,
  PI_PROVIDER,
  piAgentDir,
  runPi,
  writePiModels,
} from "../support/agents/run-pi.ts";
import { BATON_MAIN, TEST_BUILT } from "../support/baton-entries.ts";
import { anthropicMessages } from "../support/model-server/anthropic-messages.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";
import { FOREIGN_MARK, foreignDocument } from "../support/trust-gate-setup.ts";

/**
 * The Pi integration in the real Pi (pinned 1.6.0, or BATON_PI_DIR): installed with
 * `baton install pi` into the repository's .pi/extensions, the project trusted as Pi's
 * /trust saves it, driven offline by the scripted model server.
 */
const EXTENSION = ".pi/extensions/baton.ts";

function baton(home: AgentHome, ...args: string[]): string {
  return execFileSync(process.execPath, [BATON_MAIN, ...args], {
    cwd: home.repo.dir,
    env: home.env(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function handoffFiles(home: AgentHome, archived = false): string[] {
  const dir = join(home.repo.dir, "docs/handoffs", archived ? "_archive" : "");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(dir, name));
}

type RpcRecord = Record<string, unknown>;

/**
 * Pi in RPC mode, one command at a time: each is written once the one before it got what
 * `until` waits for (its response, or `agent_settled` for a prompt's run); stdin is closed
 * after the last, which ends Pi.
 */
function runPiRpc(
  home: AgentHome,
  baseUrl: string,
  steps: { command: RpcRecord; until: (record: RpcRecord) => boolean }[],
): Promise<{ exitCode: number | null; stderr: string; records: RpcRecord[] }> {
  writePiModels(piAgentDir(home), baseUrl, 200_000);
  const child = spawn(
    join(import.meta.dirname, "../../node_modules/.bin/node"),
    [PI_CLI, "--mode", "rpc", "--model", `${PI_PROVIDER}/${PI_MODEL}`],
    {
      cwd: home.repo.dir,
      env: home.env({ PI_OFFLINE: "1", PI_SKIP_VERSION_CHECK: "1", PI_TELEMETRY: "0" }),
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  const records: RpcRecord[] = [];
  let stderr = "";
  let buffered = "";
  let step = 0;
  const next = () => {
    const current = steps[step];
    if (current === undefined) child.stdin.end();
    else child.stdin.write(`${JSON.stringify(current.command)}\n`);
  };
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines.filter((l) => l.trim() !== "")) {
      const record = JSON.parse(line) as RpcRecord;
      records.push(record);
      if (steps[step]?.until(record)) {
        step += 1;
        next();
      }
    }
  });
  next();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), "SIGKILL");
      reject(new Error(`pi rpc: timed out at step ${step}; stderr: ${stderr.slice(-2000)}`));
    }, 90_000);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stderr, records });
    });
  });
}

function hookLog(home: AgentHome): string {
  const path = join(home.home, ".local/state/baton/hooks.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

describe
  .skipIf(!hasPi())
  .sequential(`baton in the real Pi (${PI_CLI})`, { timeout: 240_000 }, () => {
    const home = makeAgentHome({ branch: "feat/retry" });
    let server: ModelServer | undefined;
    afterAll(async () => {
      await server?.close();
      home.cleanup();
    });

    it("installs its extension into the project, and installing again changes nothing", () => {
      const first = baton(home, "install", "pi");
      expect(first).toMatch(/^create\s+\.pi\/extensions\/baton\.ts$/m);
      const extension = readFileSync(join(home.repo.dir, EXTENSION), "utf8");
      expect(extension).toContain("baton-managed: baton install pi");
      // The extension loads the same baton the install ran: the sources, or the build.
      const module = TEST_BUILT
        ? "dist/integrations/pi/pi-extension.js"
        : "src/integrations/pi/pi-extension.ts";
      expect(extension).toContain(`import { batonExtension } from "${PROJECT_ROOT}/${module}";`);
      expect(baton(home, "install", "pi")).toMatch(/^unchanged\s+\.pi\/extensions\/baton\.ts$/m);

      const agentDir = piAgentDir(home);
      mkdirSync(agentDir, { recursive: true });
      // What Pi's /trust saves: Pi loads a project's .pi/extensions only once it is trusted.
      writeFileSync(
        join(agentDir, "trust.json"),
        `${JSON.stringify({ [realpathSync(home.repo.dir)]: true }, null, 2)}\n`,
      );
      // Pi keeps the last 20 000 tokens verbatim by default: nothing to compact in a short session.
      writeFileSync(
        join(agentDir, "settings.json"),
        JSON.stringify({ compaction: { keepRecentTokens: 50 } }),
      );
      home.repo.write(
        "check.sh",
        'echo "FAIL test/retry.test.ts: expected 3 retries, got 5" >&2; exit 1\n',
      );
      home.repo.commit("a failing retry check");
    });

    let firstSession = "";
    it("a compacted session writes a handoff with the failing check and the todo; it is the compaction's summary", async () => {
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({ name: "bash", input: { command: "sh check.sh" } }),
          reply(
            "The retry check fails: 5 retries instead of 3. Still to do: document the retry limit in docs/retries.md.",
          ),
        ],
        sideReplies: { compact: "SUMMARY-pi-5c: check.sh fails on the retry limit." },
      });
      const work = await runPi({
        home,
        baseUrl: server.url,
        prompt: "Find out why the retry check fails.",
      });
      firstSession = work.sessionId ?? "";
      const compact = await runPi({
        home,
        baseUrl: server.url,
        prompt: "",
        compact: true,
        session: firstSession,
      });
      server.assertNoFailures();
      expect(work.exitCode, work.stderr).toBe(0);
      expect(compact.exitCode, compact.stderr).toBe(0);
      // baton's handoff is the summary: Pi asked its model for none.
      expect(server.requests.map((r) => r.side)).toEqual([false, false]);

      const [written, ...others] = handoffFiles(home);
      expect(others).toEqual([]);
      const handoff = parseDocument(readFileSync(written as string, "utf8"));
      expect(handoff.trigger).toBe("compact");
      expect(handoff.source.agent).toBe("pi");
      expect(handoff.source.sessionId).toBe(firstSession);
      // The failing check, verified: the command Pi ran and its exit code.
      expect(handoff.sections.validation).toEqual(
        expect.arrayContaining([expect.objectContaining({ command: "sh check.sh", exitCode: 1 })]),
      );
      // Pi has no todo tool: the todo is the step the model said is left.
      expect(handoff.sections.nextSteps?.map((step) => step.text).join("\n")).toContain(
        "docs/retries.md",
      );
      // The session's compaction entry holds the handoff (test/live/pi-compaction-summary.test.ts
      // follows it into the next request and a second compaction).
      const transcript = readFileSync(work.transcriptPath as string, "utf8");
      const compaction = transcript
        .split("\n")
        .find((line) => line.includes('"type":"compaction"'));
      expect(JSON.parse(compaction ?? "{}").summary).toContain(
        "Handoff captured by baton just before this compaction",
      );
      expect(transcript).not.toContain('"customType":"baton-handoff"');
      expect(hookLog(home)).toBe("");
    });

    it("a new Pi session on the branch starts with the open handoff; it is archived after its turn", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [reply("I picked up the handoff.")],
      });
      const next = await runPi({ home, baseUrl: server.url, prompt: "Carry on." });
      server.assertNoFailures();
      expect(next.exitCode, next.stderr).toBe(0);
      const [first] = server.turnRequests();
      expect(first?.text).toContain("An open handoff from an earlier session");
      expect(first?.text).toContain(`session ${firstSession}`);
      expect(first?.text).toContain("sh check.sh");
      expect(first?.text).toContain("docs/retries.md");
      expect(handoffFiles(home)).toEqual([]);
      const [archived] = handoffFiles(home, true);
      const handoff = parseDocument(readFileSync(archived as string, "utf8"));
      expect(handoff.status).toBe("archived");
      expect(handoff.restoredAt).not.toBeNull();
      expect(handoff.claim?.session).toBe(next.sessionId);
      expect(handoff.claim?.agent).toBe("pi");
      expect(hookLog(home)).toBe("");
    });

    it("the trust gate: an unsigned handoff from someone else is not injected nor claimed, only a notice is", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [reply("Nothing to pick up.")],
      });
      home.repo.write("docs/handoffs/2026-01-02-urgent-fix.md", foreignDocument("feat/retry"));
      const run = await runPi({ home, baseUrl: server.url, prompt: "Carry on." });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const [first] = server.turnRequests();
      expect(first?.text).toContain("baton: an unverified handoff is waiting");
      expect(first?.text).not.toContain(FOREIGN_MARK);
      const path = join(home.repo.dir, "docs/handoffs/2026-01-02-urgent-fix.md");
      expect(parseDocument(readFileSync(path, "utf8")).status).toBe("open");
    });

    it("the model calls baton's read_session from inside Pi and gets the first session back", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({
            name: "mcp__baton__read_session",
            input: { session_id: firstSession, agent: "pi", last: 10 },
          }),
          reply("Read it."),
        ],
      });
      const run = await runPi({
        home,
        baseUrl: server.url,
        prompt: "What did the last session find?",
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const [first, second] = server.turnRequests();
      const body = first?.body as { tools?: { name: string }[] } | undefined;
      const tools = body?.tools?.map((tool) => tool.name);
      expect(tools).toEqual(
        expect.arrayContaining(["mcp__baton__read_session", "mcp__baton__request_handoff"]),
      );
      // The tool's result, as it reached the model: the first session's failing check.
      expect(second?.text).toContain("expected 3 retries, got 5");
      expect(second?.text).toContain(firstSession);
    });

    it("/handoff: the model previews its sections with baton, and writes them once the user says yes", async () => {
      await server?.close();
      rmSync(join(home.repo.dir, "docs/handoffs/2026-01-02-urgent-fix.md"));
      const sections =
        "## Goal\n\nShip the retry limit (model-written P1)\n\n## Next Steps\n\n1. Cap retries at 3";
      // What the instructions tell the model to run, with the baton this test runs.
      const create = (dryRun: boolean) =>
        `${process.execPath} ${BATON_MAIN} create${dryRun ? " --dry-run" : ""} --trigger command --stdin --from pi --session ${firstSession} <<'BATON_HANDOFF'\n${sections}\nBATON_HANDOFF`;
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({ name: "bash", input: { command: create(true) } }),
          reply("Write this handoff? Reply yes to write it, or cancel."),
          callTools({ name: "bash", input: { command: create(false) } }),
          reply("Handoff written."),
        ],
      });
      const preview = await runPi({
        home,
        baseUrl: server.url,
        prompt: "/handoff Ship the retry limit",
        session: firstSession,
      });
      expect(preview.exitCode, preview.stderr).toBe(0);
      const [asked, previewed] = server.turnRequests();
      // The instructions reached the model, naming this session and the user's goal.
      expect(asked?.text).toContain("Write a handoff of this whole conversation");
      expect(asked?.text).toContain("Goal given by the user: Ship the retry limit");
      expect(asked?.text).toContain(
        `create --trigger command --stdin --from pi --session ${firstSession}`,
      );
      // The preview: the document as baton would write it, and nothing written.
      expect(previewed?.text).toContain("Ship the retry limit (model-written P1)");
      expect(previewed?.text).toContain("sh check.sh");
      expect(handoffFiles(home)).toEqual([]);

      const confirmed = await runPi({
        home,
        baseUrl: server.url,
        prompt: "yes",
        session: firstSession,
      });
      server.assertNoFailures();
      expect(confirmed.exitCode, confirmed.stderr).toBe(0);
      expect(server.remaining()).toBe(0);
      const [written, ...others] = handoffFiles(home);
      expect(others).toEqual([]);
      const handoff = parseDocument(readFileSync(written as string, "utf8"));
      expect(handoff).toMatchObject({
        trigger: "command",
        status: "open",
        source: { agent: "pi", sessionId: firstSession },
        sections: {
          goal: { text: "Ship the retry limit (model-written P1)", provenance: "claimed" },
        },
      });
      // baton added what it read from the session itself.
      expect(handoff.sections.validation).toEqual(
        expect.arrayContaining([expect.objectContaining({ command: "sh check.sh", exitCode: 1 })]),
      );
      rmSync(written as string);
    });

    it("/handoff-now writes a handoff of the session at once, without the model", async () => {
      await server?.close();
      server = await startModelServer({ adapters: [anthropicMessages], script: [] });
      const run = await runPi({
        home,
        baseUrl: server.url,
        prompt: "/handoff-now Ship the retry limit",
        session: firstSession,
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      // A command, not a prompt: nothing reached the model.
      expect(server.requests).toEqual([]);
      const [written, ...others] = handoffFiles(home);
      expect(others).toEqual([]);
      expect(run.stderr).toContain(`docs/handoffs/${written?.split("/").at(-1)}`);
      const handoff = parseDocument(readFileSync(written as string, "utf8"));
      expect(handoff).toMatchObject({
        trigger: "command",
        status: "open",
        source: { agent: "pi", sessionId: firstSession },
        sections: { goal: { text: "Ship the retry limit", provenance: "claimed" } },
      });
      expect(handoff.sections.validation).toEqual(
        expect.arrayContaining([expect.objectContaining({ command: "sh check.sh", exitCode: 1 })]),
      );
      rmSync(written as string);
    });

    it("automatic compactions: mid-run, the next request carries the handoff as the summary; after the last answer, no turn is added", async () => {
      await server?.close();
      home.repo.write("big.log", `${"retry attempt finished in 12 ms\n".repeat(800)}`);
      home.repo.commit("a retry log");
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({ name: "bash", input: { command: "sh check.sh" } }),
          callTools({ name: "bash", input: { command: "cat big.log" } }),
          reply("The log shows every retry finishing; the limit is what is wrong."),
        ],
        sideReplies: { compact: "SUMMARY-pi-8d: the retry log was read." },
      });
      // 20 000 tokens less Pi's 16 384 reserve: the 25 KB log crosses the threshold, and the
      // kept tool result still does after the answer, so Pi compacts again once the run ended.
      const run = await runPi({
        home,
        baseUrl: server.url,
        prompt: "Read the retry log.",
        contextWindow: 20_000,
      });
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      // Both compactions' summaries are baton's handoffs: Pi asked its model for none.
      expect(server.requests.map((r) => r.side)).toEqual([false, false, false]);
      const afterCompaction = server.requests[2]?.text ?? "";
      expect(afterCompaction).not.toContain("SUMMARY-pi-8d");
      expect(
        afterCompaction.split("Handoff captured by baton just before this compaction"),
      ).toHaveLength(2);
      expect(afterCompaction).toContain("sh check.sh");
      const open = handoffFiles(home)
        .map((path) => parseDocument(readFileSync(path, "utf8")))
        .filter((handoff) => handoff.status === "open");
      expect(open).toEqual([
        expect.objectContaining({
          trigger: "compact",
          source: expect.objectContaining({ sessionId: run.sessionId }),
        }),
      ]);
      // The second handoff is the last compaction's summary, for the next prompt: no turn added.
      const transcript = readFileSync(run.transcriptPath as string, "utf8")
        .trimEnd()
        .split("\n");
      expect(transcript.at(-1)).toContain('"type":"compaction"');
      expect(transcript.at(-1)).toContain(`${open[0]?.id}.md`);
      expect(hookLog(home)).toBe("");
    });

    it("/new hands the session off: the new session's first request carries it, it is archived after, and the quit hands off the second", async () => {
      await server?.close();
      rmSync(join(home.repo.dir, "docs/handoffs"), { recursive: true, force: true });
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({ name: "bash", input: { command: "sh check.sh" } }),
          reply(
            "The check fails. Still to do: raise the retry limit test to 3 in test/retry.test.ts.",
          ),
          reply("Picked up where the last session stopped."),
        ],
      });
      const settled = (record: RpcRecord) => record.type === "agent_settled";
      const run = await runPiRpc(home, server.url, [
        { command: { type: "prompt", message: "Run the retry check." }, until: settled },
        {
          command: { type: "new_session" },
          until: (record) => record.type === "response" && record.command === "new_session",
        },
        { command: { type: "prompt", message: "Carry on." }, until: settled },
      ]);
      server.assertNoFailures();
      expect(run.exitCode, run.stderr).toBe(0);
      const [, , carryOn] = server.turnRequests();
      expect(carryOn?.text).toContain("An open handoff from an earlier session");
      expect(carryOn?.text).toContain("sh check.sh");
      expect(carryOn?.text).toContain("test/retry.test.ts");
      // Written when the first session was left, taken by the second, archived once it answered.
      const archived = handoffFiles(home, true).map((path) =>
        parseDocument(readFileSync(path, "utf8")),
      );
      expect(archived).toEqual([
        expect.objectContaining({
          trigger: "command",
          status: "archived",
          source: expect.objectContaining({ agent: "pi" }),
          claim: expect.objectContaining({ agent: "pi" }),
        }),
      ]);
      // The second session, quit when RPC's stdin closed, handed itself off in turn.
      const open = handoffFiles(home).map((path) => parseDocument(readFileSync(path, "utf8")));
      expect(open).toEqual([
        expect.objectContaining({
          trigger: "manual",
          status: "open",
          source: expect.objectContaining({ agent: "pi", sessionId: archived[0]?.claim?.session }),
        }),
      ]);
      expect(archived[0]?.claim?.session).not.toBe(archived[0]?.source.sessionId);
      expect(hookLog(home)).toBe("");
    });

    it("a baton that moved away after install leaves Pi working as without it", async () => {
      await server?.close();
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [
          callTools({ name: "bash", input: { command: "echo still-working" } }),
          reply("Done without baton."),
        ],
      });
      const path = join(home.repo.dir, EXTENSION);
      const installed = readFileSync(path, "utf8");
      const gone = join(home.home, "moved-away");
      // The module stays (Pi must load it); node and both scripts are gone.
      writeFileSync(
        path,
        installed.replace(
          /(node|entry|hookEntry): "[^"]*"/g,
          (_match, key) => `${key}: "${gone}/${key}"`,
        ),
      );
      try {
        const run = await runPi({ home, baseUrl: server.url, prompt: "Say something." });
        server.assertNoFailures();
        expect(run.exitCode, run.stderr).toBe(0);
        expect(run.stdout).toContain("Done without baton.");
        expect(server.turnRequests()[1]?.text).toContain("still-working");
        // The extension ran, and said in the hooks' log that baton could not.
        expect(hookLog(home)).toMatch(
          / pi SessionStart: baton did not run \(.*\): .*moved-away\/hookEntry\n$/,
        );
      } finally {
        writeFileSync(path, installed);
      }
    });

    it("installed at both scopes, Pi starts and one of them does the work", async () => {
      await server?.close();
      rmSync(join(home.repo.dir, "docs/handoffs"), { recursive: true, force: true });
      server = await startModelServer({
        adapters: [anthropicMessages],
        script: [reply("Both scopes.")],
      });
      baton(home, "install", "pi", "--scope", "user");
      try {
        const run = await runPi({ home, baseUrl: server.url, prompt: "Anything?" });
        server.assertNoFailures();
        expect(run.exitCode, run.stderr).toBe(0);
        const handoff = await runPi({
          home,
          baseUrl: server.url,
          prompt: "/handoff-now Both scopes",
          session: run.sessionId as string,
        });
        expect(handoff.exitCode, handoff.stderr).toBe(0);
        // One handoff from one /handoff-now, one extension declaring baton's tools.
        expect(handoffFiles(home)).toHaveLength(1);
        const body = server.turnRequests()[0]?.body as { tools?: { name: string }[] } | undefined;
        const names = body?.tools?.map((tool) => tool.name) ?? [];
        expect(names.filter((name) => name === "mcp__baton__read_session")).toHaveLength(1);
      } finally {
        baton(home, "uninstall", "pi", "--scope", "user");
      }
    });

    it("uninstall takes the extension out and leaves the rest of .pi alone", () => {
      const out = baton(home, "uninstall", "pi");
      expect(out).toMatch(/^remove\s+\.pi\/extensions\/baton\.ts$/m);
      expect(existsSync(join(home.repo.dir, EXTENSION))).toBe(false);
      expect(existsSync(join(home.repo.dir, ".pi/extensions"))).toBe(false);
      expect(baton(home, "uninstall", "pi")).toMatch(/^absent\s+\.pi\/extensions\/baton\.ts$/m);
    });
  });
