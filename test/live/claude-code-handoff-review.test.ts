import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { runClaudeCode } from "../support/agents/run-claude-code.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

/**
 * Claude Code's `/handoff` reviews before it writes (issue 18, seed 003), in the real claude
 * binary with baton installed, driven by the scripted model server: the command file asks
 * the model to preview the document with `baton create --dry-run`, show it and ask; the
 * preview and a cancel write nothing, a confirmation writes the handoff. The model's turns
 * are scripted as the command file tells a model to act; what is proved is what the real
 * Claude Code sends the model and what the real Bash tool runs do to the repository.
 */
const BATON = `${process.execPath} ${BATON_MAIN}`;
const FROM_SESSION =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
  '${CLAUDE_CODE_SESSION_ID:+--from claude-code --session "$CLAUDE_CODE_SESSION_ID"}';
const SECTIONS = [
  "## Goal",
  "",
  "Ship the greeting feature (reviewed goal 5T8)",
  "",
  "## Next Steps",
  "",
  "1. Add a test for greet.txt",
].join("\n");

function createCommand(dryRun: boolean): string {
  const create = dryRun ? "create --dry-run" : "create";
  return `${BATON} ${create} --trigger command --stdin ${FROM_SESSION} <<'BATON_HANDOFF'\n${SECTIONS}\nBATON_HANDOFF`;
}

function handoffFiles(home: AgentHome): string[] {
  const dir = join(home.repo.dir, "docs/handoffs");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith(".md"));
}

describe.sequential("/handoff in the real Claude Code: review, then confirm", {
  timeout: 300_000,
}, () => {
  const home = makeAgentHome({ branch: "feat/greeting" });
  let server: ModelServer | undefined;
  afterAll(async () => {
    await server?.close();
    home.cleanup();
  });

  it("installs baton's /handoff", () => {
    execFileSync(process.execPath, [BATON_MAIN, "install", "claude-code"], {
      cwd: home.repo.dir,
      env: home.env(),
      stdio: "ignore",
    });
    home.repo.commit("baton hooks");
    const command = readFileSync(join(home.repo.dir, ".claude/commands/handoff.md"), "utf8");
    expect(command).toContain("--dry-run");
    expect(command).toContain("Write this handoff? Reply yes to write it, or cancel.");
  });

  it("the preview shows the draft and writes nothing; a cancel writes nothing", async () => {
    home.repo.write("greet.txt", "hello Ada\n");
    const DRAFT_SHOWN = "Here is the handoff draft: Ship the greeting feature. Write this handoff?";
    server = await startModelServer({
      script: [
        callTools({
          name: "Bash",
          input: { command: createCommand(true), description: "preview" },
        }),
        reply(`${DRAFT_SHOWN} Reply yes to write it, or cancel.`),
        reply("Handoff cancelled; nothing was written."),
      ],
    });
    const base = { home, baseUrl: server.url };
    const preview = await runClaudeCode({ ...base, prompt: "/handoff Ship the greeting feature" });
    expect(preview.exitCode, preview.stderr).toBe(0);
    const [first, second] = server.turnRequests();
    // The real command file reached the model with its review steps.
    expect(first?.text).toContain("Write a handoff of this whole conversation");
    expect(first?.text).toContain("End your turn there and");
    // The Bash tool ran baton's preview: the whole document, with git's verified facts.
    expect(second?.text).toContain("# Handoff: feat-greeting");
    expect(second?.text).toContain("Ship the greeting feature (reviewed goal 5T8)");
    expect(second?.text).toContain("branch: feat/greeting");
    expect(second?.text).toMatch(/greet\.txt.*_\(verified\)_/);
    expect(second?.text).toContain("dry run; nothing was written");
    expect(preview.stdout).toContain(DRAFT_SHOWN);
    expect(handoffFiles(home)).toEqual([]);

    const cancel = await runClaudeCode({ ...base, prompt: "cancel", continue: true });
    expect(cancel.exitCode, cancel.stderr).toBe(0);
    server.assertNoFailures();
    expect(server.turnRequests().at(-1)?.text).toContain("cancel");
    expect(handoffFiles(home)).toEqual([]);
  });

  it("a confirmation writes the handoff, with the reviewed sections and git's facts", async () => {
    await server?.close();
    server = await startModelServer({
      script: [
        callTools({
          name: "Bash",
          input: { command: createCommand(true), description: "preview" },
        }),
        reply("Write this handoff? Reply yes to write it, or cancel."),
        callTools({ name: "Bash", input: { command: createCommand(false), description: "write" } }),
        reply("Handoff written."),
      ],
    });
    const base = { home, baseUrl: server.url };
    const preview = await runClaudeCode({ ...base, prompt: "/handoff", continue: true });
    expect(preview.exitCode, preview.stderr).toBe(0);
    expect(handoffFiles(home)).toEqual([]);
    const yes = await runClaudeCode({ ...base, prompt: "yes", continue: true });
    expect(yes.exitCode, yes.stderr).toBe(0);
    server.assertNoFailures();
    const written = handoffFiles(home);
    expect(written).toHaveLength(1);
    const path = join(home.repo.dir, "docs/handoffs", written[0] ?? "");
    expect(server.turnRequests().at(-1)?.text).toContain(`docs/handoffs/${written[0]}`);
    const handoff = parseDocument(readFileSync(path, "utf8"));
    expect(handoff.trigger).toBe("command");
    expect(handoff.sections.goal?.text).toBe("Ship the greeting feature (reviewed goal 5T8)");
    expect(handoff.branch).toBe("feat/greeting");
    expect(handoff.source.sessionId).toBe(yes.sessionId);
  });
});
