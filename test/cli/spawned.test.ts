import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { MAIN_TS, NODE_BIN, spawnBaton, testEnv } from "./run-baton.ts";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const made of repos.splice(0)) made.cleanup();
});
function repo(options?: Parameters<typeof makeTempRepo>[0]) {
  const r = makeTempRepo(options);
  repos.push(r);
  return r;
}

describe("baton as a real process", () => {
  it("the full cycle: create, list, resume, ack, with exit code 0 and data on stdout only", async () => {
    const r = repo({ branch: "feat/cycle" });
    const create = await spawnBaton(["create", "--goal", "Cycle", "--next", "Go"], { cwd: r.dir });
    expect(create.code).toBe(0);
    expect(create.stdout).toMatch(/^docs\/handoffs\/\d{4}-\d{2}-\d{2}-feat-cycle\.md\n$/);
    expect(create.stderr).toBe("");
    const list = await spawnBaton(["list"], { cwd: r.dir });
    expect(list.stdout).toMatch(/open\s+feat\/cycle\s+feat-cycle/);
    const resume = await spawnBaton(["resume"], { cwd: r.dir });
    expect(resume.code).toBe(0);
    expect(resume.stdout).toContain("Cycle");
    expect(resume.stdout).not.toContain("baton:");
    expect(resume.stderr).toMatch(/^baton: claimed \S+ for session cli-\d+-\d+/);
    const ack = await spawnBaton(["ack"], { cwd: r.dir });
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(/^docs\/handoffs\/_archive\/\S+\.md\n$/);
  });

  it("exit codes: 2 for usage, 1 for failure", async () => {
    const r = repo();
    expect((await spawnBaton(["list", "--nope"], { cwd: r.dir })).code).toBe(2);
    expect((await spawnBaton(["show", "missing"], { cwd: r.dir })).code).toBe(1);
    expect((await spawnBaton([], { cwd: r.dir })).code).toBe(2);
  });

  it("two concurrent creates of the same topic both land, neither corrupted", async () => {
    const r = repo({ branch: "feat/race" });
    const runs = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        spawnBaton(["create", "--goal", `racer ${i}`, "--json"], { cwd: r.dir }),
      ),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const outs = runs.map((run) => JSON.parse(run.stdout) as { id: string; path: string });
    expect(new Set(outs.map((o) => o.id)).size).toBe(4);
    const goals = outs.map(
      (o) => parseDocument(readFileSync(o.path, "utf8"), { path: o.path }).sections.goal?.text,
    );
    expect(goals.sort()).toEqual(["racer 0", "racer 1", "racer 2", "racer 3"]);
  });

  it("never prompts without a TTY: several candidates, the newest is taken at once", async () => {
    const r = repo();
    await spawnBaton(["create", "--topic", "one"], { cwd: r.dir });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const two = JSON.parse(
      (await spawnBaton(["create", "--topic", "two", "--json"], { cwd: r.dir })).stdout,
    );
    // stdin stays open: a prompt would wait for it forever.
    const child = spawn(NODE_BIN, [MAIN_TS, "resume"], { cwd: r.dir, env: testEnv() });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stderr).toContain(`2 open handoffs on main; taking the newest, ${two.id}`);
    child.stdin.destroy();
  });

  it("Ctrl-C (SIGINT) exits 130 and writes nothing", async () => {
    const r = repo();
    const child = spawn(NODE_BIN, [MAIN_TS, "create", "--stdin"], { cwd: r.dir, env: testEnv() });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdin.write("## Goal\n\nhalf a summ");
    // The handler is the first thing main.ts installs; give the process time to get there.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stderr).toBe("baton: cancelled\n");
    expect((await spawnBaton(["list"], { cwd: r.dir })).stderr).toBe(
      "baton: no handoffs in docs/handoffs\n",
    );
  });

  it("a reader that stops early (| head) is not an error", async () => {
    const r = repo();
    const steps = Array.from({ length: 3000 }, (_, i) => [
      "--next",
      `step ${i} ${"x".repeat(80)}`,
    ]).flat();
    expect((await spawnBaton(["create", "--goal", "big", ...steps], { cwd: r.dir })).code).toBe(0);
    const pipeline = `set -o pipefail; '${NODE_BIN}' '${MAIN_TS}' show | head -c 10 > /dev/null`;
    const code = await new Promise<number | null>((resolve) => {
      spawn("bash", ["-c", pipeline], { cwd: r.dir, env: testEnv(), stdio: "ignore" }).on(
        "close",
        resolve,
      );
    });
    expect(code).toBe(0);
  });

  it("outside any git repository it still creates the handoff under the working folder", async () => {
    const dir = makeTempDir();
    const run = await spawnBaton(["create", "--goal", "plain folder"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^docs\/handoffs\/\d{4}-\d{2}-\d{2}-plain-folder\.md\n$/);
    expect(run.stderr).toBe(
      "baton: not a git repository; creating the handoff without git facts\n",
    );
  });
});

/** Runs baton under a pseudo-terminal (util-linux `script`) and answers its prompt. */
function runOnTty(cwd: string, args: string[], answer: string) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    // A pseudo-terminal made by `script` without a terminal of its own has no size.
    const command = `stty cols 120 rows 40; exec ${[NODE_BIN, MAIN_TS, ...args].map((part) => `'${part}'`).join(" ")}`;
    const child = spawn("script", ["-qefc", command, "/dev/null"], {
      cwd,
      env: testEnv({ TERM: "xterm" }),
    });
    let output = "";
    let answered = false;
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (!answered && output.includes("which one?")) {
        answered = true;
        // Give the prompt a moment to switch the terminal to raw mode.
        setTimeout(() => child.stdin.write(answer), 300);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** util-linux `script` makes the pseudo-terminal; without it these tests cannot run. */
const hasScript = spawnSync("script", ["--version"]).status === 0;

describe.skipIf(!hasScript)("baton on a terminal", () => {
  it("asks which handoff to resume; the arrow keys and Enter pick one", async () => {
    const r = repo();
    const one = JSON.parse(
      (await spawnBaton(["create", "--topic", "one", "--json"], { cwd: r.dir })).stdout,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    await spawnBaton(["create", "--topic", "two"], { cwd: r.dir });
    const run = await runOnTty(r.dir, ["resume"], "\u001b[B\r");
    expect(run.code).toBe(0);
    expect(run.output).toContain("2 open handoffs on main: which one?");
    expect(run.output).toContain(`claimed ${one.id}`);
    const status = parseDocument(readFileSync(one.path, "utf8")).status;
    expect(status).toBe("claimed");
  });

  it("Ctrl-C at the prompt cancels with exit 130 and claims nothing", async () => {
    const r = repo();
    const one = JSON.parse(
      (await spawnBaton(["create", "--topic", "one", "--json"], { cwd: r.dir })).stdout,
    );
    const two = JSON.parse(
      (await spawnBaton(["create", "--topic", "two", "--json"], { cwd: r.dir })).stdout,
    );
    const run = await runOnTty(r.dir, ["resume"], "\u0003");
    expect(run.code).toBe(130);
    // On a terminal the message is in colour: compare the text without escape sequences.
    expect(stripVTControlCharacters(run.output)).toContain("baton: cancelled");
    for (const h of [one, two])
      expect(parseDocument(readFileSync(h.path, "utf8")).status).toBe("open");
  });
});
