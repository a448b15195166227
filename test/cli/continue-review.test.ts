import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { FIXTURES_ROOT, readFixtureFacts } from "../support/fixtures/fixture-facts.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { MAIN_TS, NODE_BIN, PROJECT_ROOT, runInProcess, spawnBaton, testEnv } from "./run-baton.ts";

/**
 * `baton continue` reviews before it starts (issue 18, seed 003): on a real pseudo-terminal
 * (util-linux `script`) it shows the prompt the agent starts with and asks "Start <agent>
 * with this handoff?"; no writes, claims and starts nothing; yes starts the real agent
 * (Codex, given a flag it refuses, so it exits at once with its own code 2).
 */
const PATH = `${join(PROJECT_ROOT, "node_modules/.bin")}:${process.env.PATH ?? ""}`;
const QUESTION = "Start Codex with this handoff?";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const made of repos.splice(0)) made.cleanup();
});
function repo(): TempRepo {
  const r = makeTempRepo();
  repos.push(r);
  return r;
}

async function create(r: TempRepo, args: string[]) {
  const run = await runInProcess(["create", ...args, "--json"], { cwd: r.dir });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { id: string; path: string };
}

/** Runs baton on a pseudo-terminal and, once the question shows, types the answer. */
function runOnTty(
  cwd: string,
  args: string[],
  answer: string | null,
  env: Record<string, string> = {},
) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const command = `stty cols 120 rows 40; exec ${[NODE_BIN, MAIN_TS, ...args].map((part) => `'${part}'`).join(" ")}`;
    const child = spawn("script", ["-qefc", command, "/dev/null"], {
      cwd,
      env: testEnv({ TERM: "xterm", PATH, ...env }),
    });
    let output = "";
    let answered = false;
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (answer !== null && !answered && output.includes(QUESTION)) {
        answered = true;
        // Give the prompt a moment to switch the terminal to raw mode.
        setTimeout(() => child.stdin.write(answer), 300);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output: stripVTControlCharacters(output) }));
  });
}

const hasScript = spawnSync("script", ["--version"]).status === 0;

describe.skipIf(!hasScript)("baton continue on a terminal: review, then confirm", () => {
  it("shows the prompt and asks; n cancels: nothing claimed, no prompt file, nothing started", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login race", "--next", "Add a mutex test"]);
    const before = readFileSync(h.path, "utf8");
    const run = await runOnTty(r.dir, ["continue", "--in", "codex", "--", "--no-such-flag"], "n");
    expect(run.code, run.output).toBe(130);
    expect(run.output).toContain(`the handoff ${h.id}, as Codex starts with it`);
    expect(run.output).toContain("Fix the login race");
    expect(run.output).toContain("Add a mutex test");
    expect(run.output).toContain(QUESTION);
    expect(run.output).toContain("cancelled: nothing was written, claimed or started");
    // Codex never ran: it would have refused the flag.
    expect(run.output).not.toContain("--no-such-flag");
    expect(run.output).not.toContain("baton: starting Codex");
    expect(readFileSync(h.path, "utf8")).toBe(before);
    expect(existsSync(join(r.dir, "docs/handoffs/.prompts"))).toBe(false);
  });

  it("Enter (the default, yes) claims the handoff and starts the agent", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login race"]);
    const run = await runOnTty(r.dir, ["continue", "--in", "codex", "--", "--no-such-flag"], "\r");
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain(QUESTION);
    expect(run.output).toMatch(/baton: starting Codex on \S+ \(prompt as an argument\)/);
    expect(run.output).toMatch(/unexpected argument '--no-such-flag'/);
    const doc = parseDocument(readFileSync(h.path, "utf8"), { path: h.path });
    expect([doc.status, doc.claim?.agent]).toEqual(["claimed", "codex"]);
  });

  it("--yes starts without asking", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login race"]);
    const run = await runOnTty(
      r.dir,
      ["continue", "--yes", "--in", "codex", "--", "--no-such-flag"],
      null,
    );
    expect(run.code, run.output).toBe(2);
    expect(run.output).not.toContain(QUESTION);
    expect(parseDocument(readFileSync(h.path, "utf8")).status).toBe("claimed");
  });

  it("a handoff captured from a session first is shown before it is written; n writes no file", async () => {
    const fixture = join(FIXTURES_ROOT, "claude-code/2.1.332/fix-off-by-one");
    const facts = readFixtureFacts(fixture);
    const empty = makeTempDir("baton-review-home-");
    const env = { HOME: empty, CLAUDE_CONFIG_DIR: join(fixture, "home", ".claude") };
    const r = repo();
    const args = ["continue", "--session", facts.sessionId, "--in", "codex", "--"];
    const cancel = await runOnTty(r.dir, [...args, "--no-such-flag"], "n", env);
    expect(cancel.code, cancel.output).toBe(130);
    expect(cancel.output).toContain(QUESTION);
    expect(cancel.output).toContain(facts.goal.slice(0, 30));
    expect(existsSync(join(r.dir, "docs/handoffs"))).toBe(false);
    const confirm = await runOnTty(r.dir, [...args, "--no-such-flag"], "y", env);
    expect(confirm.code, confirm.output).toBe(2);
    const written = readdirSync(join(r.dir, "docs/handoffs")).filter((n) => n.endsWith(".md"));
    expect(written).toHaveLength(1);
    const doc = parseDocument(readFileSync(join(r.dir, "docs/handoffs", written[0] ?? ""), "utf8"));
    expect(doc.source.sessionId).toBe(facts.sessionId);
    expect(doc.status).toBe("claimed");
  });
});

describe("baton continue not on a terminal", () => {
  it("asks nothing and goes on, as scripts expect", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login race"]);
    const run = await spawnBaton(["continue", "--in", "codex", "--", "--no-such-flag"], {
      cwd: r.dir,
      env: { PATH },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain(QUESTION);
    expect(parseDocument(readFileSync(h.path, "utf8")).status).toBe("claimed");
  });

  it("the help says when it asks and what --yes does", async () => {
    const run = await runInProcess(["continue", "--help"], { cwd: PROJECT_ROOT });
    expect(run.stdout).toContain("with this handoff? [Y/n]");
    expect(run.stdout).toMatch(/--yes\s+start without showing the draft/);
  });
});
