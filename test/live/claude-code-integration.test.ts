import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { hookCommandLine } from "../../src/integrations/claude-code/hook-command-line.ts";
import { batonHooks } from "../../src/integrations/claude-code/install-claude-code.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { encodeClaudeProjectDir, runClaudeCode } from "../support/agents/run-claude-code.ts";
import { BATON_HOOK_MAIN, BATON_MAIN } from "../support/baton-entries.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

/**
 * The Claude Code integration in the real claude binary: installed with `baton install
 * claude-code` into a throwaway repository, driven by the scripted model server. These are
 * the four proofs of issue 6.
 */

const BATON = `${process.execPath} ${BATON_MAIN}`;

const GOAL = "Make greet.txt say hello to Ada (planted goal 7Q4)";
const DECISION =
  "Decision: keep the greeting in a plain text file rather than code, because the test reads the file directly.";
const QUESTION = "Should the greeting also name Grace?";

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

function hookLog(home: AgentHome): string {
  const path = join(home.home, ".local/state/baton/hooks.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

describe.sequential("baton in the real Claude Code", { timeout: 240_000 }, () => {
  const home = makeAgentHome({ branch: "feat/greeting" });
  let server: ModelServer | undefined;
  afterAll(async () => {
    await server?.close();
    home.cleanup();
  });

  it("installs its hooks and commands, and installing again changes nothing", () => {
    const first = baton(home, "install", "claude-code");
    const settings = JSON.parse(readFileSync(join(home.repo.dir, ".claude/settings.json"), "utf8"));
    expect(Object.keys(settings.hooks).sort()).toEqual(
      ["PostCompact", "PreCompact", "SessionStart", "Stop", "UserPromptSubmit"].sort(),
    );
    expect(settings.hooks.SessionStart[0].hooks[0].command).toContain(
      `${process.execPath} ${BATON_HOOK_MAIN} claude-code SessionStart`,
    );
    expect(first).toContain(".claude/commands/handoff.md");
    expect(baton(home, "install", "claude-code")).toMatch(/unchanged\s+\.claude\/settings\.json/);
    // The settings and commands are the project's: committed, they are not the session's work.
    home.repo.commit("baton hooks");
  });

  it("1. captures the session at compaction, and the first request after it holds the handoff", async () => {
    server = await startModelServer({
      script: [
        callTools({
          name: "Write",
          input: { file_path: join(home.repo.dir, "greet.txt"), content: "hello Ada\n" },
        }),
        callTools({
          name: "Bash",
          input: { command: "grep -q Ada greet.txt && echo greeting-ok", description: "check" },
        }),
        reply(`${DECISION}\n\nNext I will add a test for it. ${QUESTION}`),
        reply("Continuing after the compaction."),
      ],
    });
    const base = { home, baseUrl: server.url };
    const work = await runClaudeCode({ ...base, prompt: GOAL });
    const compact = await runClaudeCode({ ...base, prompt: "/compact", continue: true });
    const after = await runClaudeCode({ ...base, prompt: "Go on.", continue: true });

    server.assertNoFailures();
    for (const run of [work, compact, after]) expect(run.exitCode, run.stderr).toBe(0);
    expect(hookLog(home)).toBe("");
    const [path, ...others] = handoffFiles(home);
    expect(others).toEqual([]);
    const handoff = parseDocument(readFileSync(path as string, "utf8"));
    expect(handoff).toMatchObject({
      trigger: "compact",
      status: "open",
      branch: "feat/greeting",
      source: { agent: "claude-code", sessionId: work.sessionId, model: "claude-opus-4-8" },
    });
    expect(handoff.source.transcript).toMatch(/^~\/\.claude\/projects\/.+\.jsonl$/);
    expect(handoff.sections.goal?.text).toContain("planted goal 7Q4");
    expect(handoff.sections.modifiedFiles?.map((file) => file.path)).toContain("greet.txt");
    expect(JSON.stringify(handoff.sections.keyDecisions)).toContain("plain text file");
    expect(JSON.stringify(handoff.sections.openQuestions)).toContain("name Grace");
    // PostCompact: Claude's own summary kept as a claimed note.
    expect(
      handoff.sections.currentState?.some(
        (fact) => fact.text.includes("compaction summary") && fact.provenance === "claimed",
      ),
    ).toBe(true);

    const firstAfter = server.turnRequests().find((request) => request.text.includes("Go on."));
    expect(firstAfter?.text).toContain("Handoff captured by baton just before this compaction");
    expect(firstAfter?.text).toContain("planted goal 7Q4");
  });

  it("2. a new session receives the open handoff at start-up; it is archived only after that session's turn", async () => {
    await server?.close();
    server = await startModelServer({
      script: [
        callTools({
          name: "Bash",
          input: {
            command: "ls docs/handoffs docs/handoffs/_archive 2>&1; echo listed",
            description: "where is the handoff",
          },
        }),
        reply("I picked up the handoff."),
      ],
    });
    const [open] = handoffFiles(home);
    const id = (open as string).split("/").at(-1)?.replace(/\.md$/, "");

    const next = await runClaudeCode({ home, baseUrl: server.url, prompt: "Carry on." });

    server.assertNoFailures();
    expect(next.exitCode, next.stderr).toBe(0);
    const [first, second] = server.turnRequests();
    expect(first?.text).toContain("An open handoff from an earlier session");
    expect(first?.text).toContain("planted goal 7Q4");
    // During the turn the document was still in the live folder, not in the archive.
    expect(second?.text).toContain(`docs/handoffs:\n${id}.md\nlisted`);
    expect(second?.text).toContain("cannot access 'docs/handoffs/_archive'");
    // After the turn: restored, archived, claimed by the new session.
    expect(handoffFiles(home)).toEqual([]);
    const [archived] = handoffFiles(home, true);
    const handoff = parseDocument(readFileSync(archived as string, "utf8"));
    expect(handoff.status).toBe("archived");
    expect(handoff.restoredAt).not.toBeNull();
    expect(handoff.claim?.session).toBe(next.sessionId);
    expect(hookLog(home)).toBe("");
  });

  it("3. /handoff writes the model's sections and baton adds the mechanical facts", async () => {
    await server?.close();
    home.repo.write("notes.md", "draft\n");
    const sections = [
      "## Goal",
      "",
      "Ship the greeting feature (model-written goal 9K2)",
      "",
      "## Key Decisions",
      "",
      "- Keep greetings in text files — because the tests read them",
      "",
      "## Next Steps",
      "",
      "1. Add a test for greet.txt",
      "2. Mention Grace",
    ].join("\n");
    // As the command file tells the model to write it: the session id comes from the Bash
    // tool's environment, so baton reads this session's transcript too.
    const fromSession =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
      '${CLAUDE_CODE_SESSION_ID:+--from claude-code --session "$CLAUDE_CODE_SESSION_ID"}';
    const command = `${BATON} create --trigger command --stdin ${fromSession} <<'BATON_HANDOFF'\n${sections}\nBATON_HANDOFF`;
    server = await startModelServer({
      script: [
        callTools({ name: "Bash", input: { command, description: "write the handoff" } }),
        reply("Handoff written."),
      ],
    });

    const run = await runClaudeCode({
      home,
      baseUrl: server.url,
      prompt: "/handoff Ship the greeting feature",
    });

    server.assertNoFailures();
    expect(run.exitCode, run.stderr).toBe(0);
    const [first, second] = server.turnRequests();
    // The command file reached the model, with its argument and the exact baton to run.
    expect(first?.text).toContain("Write a handoff of this whole conversation");
    expect(first?.text).toContain("Ship the greeting feature");
    expect(first?.text).toContain(`${BATON} create --trigger command --stdin`);
    expect(second?.text).toMatch(/docs\/handoffs\/[\w-]+\.md/);
    const [path] = handoffFiles(home);
    const handoff = parseDocument(readFileSync(path as string, "utf8"));
    expect(handoff.trigger).toBe("command");
    expect(handoff.sections.goal).toEqual({
      text: "Ship the greeting feature (model-written goal 9K2)",
      provenance: "claimed",
    });
    expect(handoff.sections.keyDecisions?.[0]?.decision).toBe("Keep greetings in text files");
    expect(handoff.sections.nextSteps?.map((step) => step.text)).toEqual([
      "Add a test for greet.txt",
      "Mention Grace",
    ]);
    // Mechanical facts baton added: git's branch, HEAD and changed files, and the session.
    expect(handoff.branch).toBe("feat/greeting");
    expect(handoff.head).toBe(home.repo.git("rev-parse", "HEAD").trim());
    expect(handoff.sections.modifiedFiles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "notes.md", provenance: "verified" }),
        expect.objectContaining({ path: "greet.txt", provenance: "verified" }),
      ]),
    );
    expect(handoff.source.sessionId).toBe(run.sessionId);
    // Read from the transcript: where it is, the model, and the first request as it was typed.
    expect(handoff.source.transcript).toBe(
      `~/.claude/projects/${encodeClaudeProjectDir(home.repo.dir)}/${run.sessionId}.jsonl`,
    );
    expect(handoff.source.model).toBe("claude-opus-4-8");
    expect(first?.text).toContain(fromSession);
  });
});

describe("a broken environment leaves Claude Code working", { timeout: 180_000 }, () => {
  async function runWithCompaction(home: AgentHome): Promise<void> {
    const server = await startModelServer({
      script: [
        callTools({ name: "Bash", input: { command: "echo step-one" } }),
        reply("Step one done."),
        reply("Still working."),
      ],
    });
    try {
      const base = { home, baseUrl: server.url };
      const runs = [
        await runClaudeCode({ ...base, prompt: "Do step one." }),
        await runClaudeCode({ ...base, prompt: "/compact", continue: true }),
        await runClaudeCode({ ...base, prompt: "And now?", continue: true }),
      ];
      server.assertNoFailures();
      for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
      expect(runs[2]?.result?.result).toBe("Still working.");
    } finally {
      await server.close();
    }
  }

  it("4a. a handoff folder that cannot be written: the log names it", async () => {
    const home = makeAgentHome();
    try {
      baton(home, "install", "claude-code");
      // A file where the folder should be: refused even to root, unlike a chmod.
      home.repo.write("docs/handoffs", "not a folder\n");
      home.repo.commit("setup");
      await runWithCompaction(home);
      expect(hookLog(home)).toMatch(/claude-code PreCompact: .*docs\/handoffs/);
    } finally {
      home.cleanup();
    }
  });

  it("4b. a corrupted transcript: the handoff is still written and the log says what was wrong", async () => {
    const home = makeAgentHome();
    const server = await startModelServer({
      script: [reply("Step one done."), reply("Still working.")],
    });
    try {
      baton(home, "install", "claude-code");
      home.repo.commit("setup");
      const base = { home, baseUrl: server.url };
      const first = await runClaudeCode({ ...base, prompt: "Do step one." });
      const second = await runClaudeCode({ ...base, prompt: "Continue.", continue: true });
      appendFileSync(
        second.transcriptPath as string,
        '{"type":"user","message":\n\u0000\u0001garbage\n',
      );
      const compact = await runClaudeCode({ ...base, prompt: "/compact", continue: true });
      server.assertNoFailures();
      for (const run of [first, second, compact]) expect(run.exitCode, run.stderr).toBe(0);
      expect(hookLog(home)).toMatch(/claude-code PreCompact: .*read with warnings/);
      expect(handoffFiles(home)).toHaveLength(1);
    } finally {
      await server.close();
      home.cleanup();
    }
  });

  it("4c. baton missing: the hooks log that it did not run", async () => {
    const home = makeAgentHome();
    try {
      const gone = {
        node: process.execPath,
        entry: "/nonexistent/baton/dist/cli/main.js",
        hookEntry: "/nonexistent/baton/dist/cli/hook-main.js",
      };
      const hooks = Object.fromEntries(
        Object.entries(batonHooks(gone)).map(([event, hook]) => [event, [{ hooks: [hook] }]]),
      );
      home.repo.write(".claude/settings.json", JSON.stringify({ hooks }));
      home.repo.commit("setup");
      expect(hooks.SessionStart?.[0]?.hooks[0]?.command).toBe(
        hookCommandLine("SessionStart", gone),
      );
      await runWithCompaction(home);
      const log = hookLog(home);
      for (const event of ["SessionStart", "UserPromptSubmit", "Stop", "PreCompact"]) {
        expect(log).toContain(
          `claude-code ${event}: baton did not run (exit 1): /nonexistent/baton/dist/cli/hook-main.js`,
        );
      }
    } finally {
      home.cleanup();
    }
  });
});

describe("baton as a Claude Code plugin (--plugin-dir)", { timeout: 180_000 }, () => {
  it("captures at compaction and gives the handoff back, through the baton on PATH", async () => {
    const home = makeAgentHome({ branch: "feat/plugin" });
    // `baton` on PATH, as `npm install -g agent-baton` would put it.
    const bin = join(home.home, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "baton"), `#!/bin/sh\nexec ${BATON} "$@"\n`);
    chmodSync(join(bin, "baton"), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? ""}` };
    const args = [
      "--plugin-dir",
      resolve(import.meta.dirname, "../../integrations/claude-code-plugin"),
    ];
    const server = await startModelServer({
      script: [
        callTools({ name: "Bash", input: { command: "echo plugin-step" } }),
        reply("Plugin step done."),
        reply("After the compaction."),
      ],
    });
    try {
      const base = { home, baseUrl: server.url, env, args };
      const runs = [
        await runClaudeCode({ ...base, prompt: "Do the plugin step (planted goal P5)." }),
        await runClaudeCode({ ...base, prompt: "/compact", continue: true }),
        await runClaudeCode({ ...base, prompt: "Next?", continue: true }),
      ];
      server.assertNoFailures();
      for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
      expect(hookLog(home)).toBe("");
      expect(server.turnRequests()[0]?.text).toContain("baton:handoff");
      const [path] = handoffFiles(home);
      const handoff = parseDocument(readFileSync(path as string, "utf8"));
      expect(handoff.trigger).toBe("compact");
      expect(handoff.sections.goal?.text).toContain("planted goal P5");
      const after = server.turnRequests().find((request) => request.text.includes("Next?"));
      expect(after?.text).toContain("Handoff captured by baton just before this compaction");
    } finally {
      await server.close();
      home.cleanup();
    }
  });
});
