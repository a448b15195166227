import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { adaptersWith } from "../../src/adapters/registry.ts";
import { emptySource } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { openStore } from "../../src/store/open-store.ts";
import { makeNewHandoff } from "../store/make-handoff.ts";
import { makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { PROJECT_ROOT, runInProcess, spawnBaton } from "./run-baton.ts";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const made of repos.splice(0)) made.cleanup();
});

function repo(): TempRepo {
  const r = makeTempRepo();
  repos.push(r);
  return r;
}

async function create(r: TempRepo, args: string[], env: Record<string, string> = {}) {
  const run = await runInProcess(["create", ...args, "--json"], { cwd: r.dir, env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { id: string; path: string };
}

interface Plan {
  schemaVersion: number;
  handoff: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  via: string;
  promptFile: string | null;
  promptBytes: number;
  stdin: string | null;
  claimSession: string;
  warnings: string[];
}

async function dryRun(r: TempRepo, args: string[], env: Record<string, string> = {}) {
  const run = await runInProcess(["continue", "--dry-run", "--json", ...args], {
    cwd: r.dir,
    env,
  });
  expect(run.code, run.stderr).toBe(0);
  return { plan: JSON.parse(run.stdout) as Plan, stderr: run.stderr };
}

/** A handoff far over any argument limit: 300 KB of goal, written through `create --from-file`. */
async function createHuge(r: TempRepo) {
  const goal = Array.from({ length: 12_000 }, (_, i) => `step ${i} of the huge goal;`).join(" ");
  const file = join(r.dir, "..", `${r.dir.split("/").pop()}-huge.json`);
  writeFileSync(file, JSON.stringify({ goal, next_steps: ["Finish it"] }));
  const made = await create(r, ["--from-file", file]);
  return { ...made, goal };
}

const launchable = adaptersWith("launch");

describe("baton continue --dry-run", () => {
  for (const adapter of launchable) {
    it(`${adapter.id}: prints the command with the prompt as resume would, and claims and writes nothing`, async () => {
      const r = repo();
      const h = await create(r, ["--goal", "Fix the login", "--next", "Add a test"]);
      const before = readFileSync(h.path, "utf8");
      const { plan } = await dryRun(r, ["--in", adapter.id]);
      const prompt = (await runInProcess(["show", "--prompt"], { cwd: r.dir })).stdout;
      expect(plan.handoff).toBe(h.id);
      expect(plan.command).toBe(adapter.launch.binary);
      expect(plan.via).toBe("argument");
      expect(plan.promptBytes).toBe(Buffer.byteLength(prompt.replace(/\n$/, "")));
      const sent = adapter.launch.prompt.words
        ? plan.args.slice(plan.args.indexOf("--") + 1).join(" ")
        : (plan.args.find((arg) => arg.startsWith("## Session Handoff")) ?? "");
      expect(`${sent}\n`).toBe(prompt);
      expect(plan.env).toEqual({ BATON_SESSION_ID: plan.claimSession });
      if (adapter.launch.sessionIdFlag !== null) {
        expect(plan.args).toContain(adapter.launch.sessionIdFlag);
        expect(plan.claimSession).toMatch(/^[0-9a-f-]{36}$/);
      } else {
        expect(plan.claimSession).toMatch(/^launch-4242-\d+$/);
      }
      expect(readFileSync(h.path, "utf8")).toBe(before);
      expect(existsSync(join(r.dir, "docs/handoffs/.prompts"))).toBe(false);
    });

    it(`${adapter.id}: a 300 KB handoff (--full) goes by file interactively, never as a long argument`, async () => {
      const r = repo();
      const h = await createHuge(r);
      const { plan } = await dryRun(r, ["--in", adapter.id, "--full"]);
      expect(plan.promptBytes).toBeGreaterThan(300_000);
      expect(plan.via).toBe("file");
      expect(plan.promptFile).toBe(`docs/handoffs/.prompts/${h.id}.md`);
      expect(Math.max(...plan.args.map((a) => a.length))).toBeLessThan(400);
      expect(plan.args.join(" ")).toContain(
        `Read the file docs/handoffs/.prompts/${h.id}.md first`,
      );
      if (adapter.launch.headless === null) return;
      const headless = (await dryRun(r, ["--in", adapter.id, "--full", "--headless"])).plan;
      expect(headless.via).toBe(adapter.launch.headless.stdin === null ? "file" : "stdin");
      expect(headless.args.slice(0, adapter.launch.headless.args.length)).toEqual([
        ...adapter.launch.headless.args,
      ]);
      if (headless.via === "stdin") expect(headless.stdin).toContain(h.goal);
    });
  }

  it("prints the exact command, the environment and where the prompt goes, as text", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login"]);
    const run = await runInProcess(["continue", "--in", "codex", "--dry-run", "--yolo"], {
      cwd: r.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      `handoff: ${h.id}`,
      `cwd: ${r.dir}`,
      expect.stringMatching(/^env: BATON_SESSION_ID=launch-4242-\d+$/),
      expect.stringMatching(/^prompt: the last argument \(\d+ bytes\)$/),
    ]);
    expect(lines[4]).toBe(
      `command: codex --dangerously-bypass-approvals-and-sandbox --cd ${r.dir} '## Session Handoff`,
    );
    expect(run.stderr).toBe("baton: dry run; nothing was started, claimed or written\n");
  });

  it("without --in starts the handoff's own agent; --resume resumes its session natively", async () => {
    const r = repo();
    await create(r, ["--goal", "Fix the login"], {
      CLAUDE_CODE_SESSION_ID: "c0ffee00-1111-2222-3333-444455556666",
    });
    const fresh = (await dryRun(r, [])).plan;
    expect(fresh.command).toBe("claude");
    expect(fresh.args[0]).toBe("--session-id");
    expect(fresh.args[1]).not.toBe("c0ffee00-1111-2222-3333-444455556666");
    const resumed = (await dryRun(r, ["--resume"])).plan;
    expect(resumed.via).toBe("none");
    expect(resumed.args).toEqual(["--resume", "c0ffee00-1111-2222-3333-444455556666"]);
    expect(resumed.claimSession).toBe("c0ffee00-1111-2222-3333-444455556666");
    const other = await runInProcess(["continue", "--in", "codex", "--resume", "--dry-run"], {
      cwd: r.dir,
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /--resume resumes the handoff's own claude-code session; drop --in codex/,
    );
  });

  it("without --in, a fresh session of the same agent keeps its model and mode", async () => {
    const r = repo();
    const store = openStore({ root: r.dir });
    const source = {
      ...emptySource(),
      agent: "opencode",
      sessionId: "ses_1",
      model: "m-7",
      provider: "prov",
    };
    await store.create(makeNewHandoff({ source, branch: "main" }));
    const opencode = (await dryRun(r, [])).plan;
    expect(opencode.command).toBe("opencode");
    expect(opencode.args.slice(0, 2)).toEqual(["--model", "prov/m-7"]);
    const r2 = repo();
    await openStore({ root: r2.dir }).create(
      makeNewHandoff({
        branch: "main",
        source: {
          ...emptySource(),
          agent: "claude",
          sessionId: "s",
          model: "claude-x",
          agentMode: "plan",
        },
      }),
    );
    const claude = (await dryRun(r2, [])).plan;
    expect(claude.command).toBe("claude");
    expect(claude.args.slice(2, 6)).toEqual(["--model", "claude-x", "--permission-mode", "plan"]);
    // Another agent gets neither: the old model means nothing to it.
    const codex = (await dryRun(r2, ["--in", "codex"])).plan;
    expect(codex.args).not.toContain("--model");
  });

  it("without --in, a handoff that names no agent asks for one", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login"]);
    const run = await runInProcess(["continue", "--dry-run"], { cwd: r.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `handoff ${h.id} names no agent to continue in; choose one with --in AGENT \\(claude-code, codex`,
      ),
    );
  });

  it("warns about a flag the agent cannot honour, refuses a mode it does not know", async () => {
    const r = repo();
    await create(r, ["--goal", "Fix the login"]);
    const { plan, stderr } = await dryRun(r, ["--in", "opencode", "--approval", "never"]);
    expect(plan.warnings).toEqual([
      "OpenCode takes no approval mode here; --approval never is ignored",
    ]);
    expect(stderr).toContain("baton: warning: OpenCode takes no approval mode here");
    const bad = await runInProcess(
      ["continue", "--in", "codex", "--approval", "always", "--dry-run"],
      {
        cwd: r.dir,
      },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'baton: Codex knows the approval modes on-request, never, not "always"\n',
    );
    const both = await runInProcess(
      ["continue", "--in", "codex", "--yolo", "--approval", "never"],
      {
        cwd: r.dir,
      },
    );
    expect(both.code).toBe(2);
  });

  it("passes arguments after -- through, after the prompt where it is positional", async () => {
    const r = repo();
    await create(r, ["--goal", "Fix the login"]);
    const { plan } = await dryRun(r, ["--in", "claude", "--", "--add-dir", "../other"]);
    expect(plan.args.slice(-2)).toEqual(["--add-dir", "../other"]);
    expect(plan.args.at(-3)).toMatch(/^## Session Handoff/);
  });

  it("a claimed handoff of this branch says who holds it and how to free it", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login"]);
    await runInProcess(["resume", "--session", "sess-a"], { cwd: r.dir });
    const run = await runInProcess(["continue", "--in", "codex", "--dry-run"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `handoff ${h.id} is claimed by session sess-a until .*; run "baton release ${h.id}" to free it, or "baton continue --force"`,
      ),
    );
  });
});

describe("baton continue, launching", () => {
  const bin = join(PROJECT_ROOT, "node_modules/.bin");
  const path = `${bin}:${process.env.PATH ?? ""}`;

  it("passes the agent's exit code through and keeps the claim for the new session", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login"]);
    // A flag Codex does not know: the real binary exits 2 before starting anything.
    const run = await spawnBaton(["continue", "--in", "codex", "--", "--no-such-flag"], {
      cwd: r.dir,
      env: { PATH: path },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /baton: starting Codex on .* \(prompt as an argument\); claimed for session launch-\d+-\d+/,
    );
    expect(run.stderr).toMatch(/unexpected argument '--no-such-flag'/);
    const doc = parseDocument(readFileSync(h.path, "utf8"), { path: h.path });
    expect(doc.status).toBe("claimed");
    expect(doc.claim?.agent).toBe("codex");
    expect(doc.claim?.session).toMatch(/^launch-/);
  });

  it("an agent that is not installed is a clear error, and the claim is returned", async () => {
    const r = repo();
    const h = await create(r, ["--goal", "Fix the login"]);
    const run = await spawnBaton(["continue", "--in", "kilo"], {
      cwd: r.dir,
      env: { PATH: process.env.PATH },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("baton: kilo is not installed or not on PATH");
    const doc = parseDocument(readFileSync(h.path, "utf8"), { path: h.path });
    expect([doc.status, doc.claim]).toEqual(["open", null]);
  });
});
