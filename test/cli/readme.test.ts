import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../support/temp-repo.ts";
import { MAIN_TS, NODE_BIN, PROJECT_ROOT, testEnv } from "./run-baton.ts";

const README = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");

interface Step {
  command: string;
  expected: string;
}

/** The tour: every ```console block, in order; `$ ` lines are commands, the rest their output. */
function tourSteps(markdown: string): Step[] {
  const steps: Step[] = [];
  for (const match of markdown.matchAll(/```console\n([\s\S]*?)```/g)) {
    for (const line of (match[1] ?? "").replace(/\n$/, "").split("\n")) {
      if (line.startsWith("$ ")) steps.push({ command: line.slice(2), expected: "" });
      else {
        const step = steps.at(-1);
        if (step === undefined)
          throw new Error(`README console block starts without a command: ${line}`);
        step.expected += `${line}\n`;
      }
    }
  }
  return steps;
}

/** What legitimately differs between runs: the moment, the commit ids, the pid, the folder. */
function normalize(text: string, home: string): string {
  return text
    .replaceAll(home, "/home/you")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<timestamp>")
    .replace(/\d{4}-\d{2}-\d{2}/g, "<date>")
    .replace(/\b\d{2}:\d{2}\b/g, "<time>")
    .replace(/\b\d+[smhd]\b/g, "<age>")
    .replace(/@ [0-9a-f]{7,40}\b/g, "@ <sha>")
    .replace(/\b[0-9a-f]{40}\b/g, "<sha>")
    .replace(/cli-\d+-\d+/g, "cli-<pid>-<time>")
    .replace(/"(document|prompt)": \d+/g, '"$1": <n>')
    .replace(/ {2,}/g, "  ");
}

function shell(command: string, cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn("sh", ["-c", `${command} 2>&1`], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const cleanups: string[] = [];
afterAll(() => {
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
});

describe("the README", () => {
  it("has a tour that covers every command", () => {
    const commands = tourSteps(README).map((step) => step.command);
    for (const name of ["create", "list", "show", "resume", "ack"]) {
      expect(
        commands.some((command) => command.includes(`baton ${name}`)),
        name,
      ).toBe(true);
    }
  });

  it("tour: each command prints what the README shows", async () => {
    const home = makeTempDir("baton-readme-");
    cleanups.push(home);
    const bin = join(home, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "baton"), `#!/bin/sh\nexec '${NODE_BIN}' '${MAIN_TS}' "$@"\n`);
    chmodSync(join(bin, "baton"), 0o755);
    const repo = join(home, "shop");
    mkdirSync(repo);
    const env = testEnv({ PATH: `${bin}:${process.env.PATH ?? ""}` });
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, env });
    git("init", "-q", "-b", "main");
    writeFileSync(join(repo, "README.md"), "# shop\n");
    git("add", ".");
    git("commit", "-q", "-m", "init");

    const steps = tourSteps(README);
    expect(steps.length).toBeGreaterThan(5);
    for (const step of steps) {
      const run = await shell(step.command, repo, env);
      expect(run.code, `$ ${step.command}\n${run.output}`).toBe(0);
      expect(normalize(run.output, home), `$ ${step.command}`).toBe(normalize(step.expected, home));
    }
  }, 120_000);

  it("main job: the npx commands work as written in this clone", async () => {
    // `npm install` builds dist/ (the `prepare` script); build it if this checkout has not yet.
    if (!existsSync(join(PROJECT_ROOT, "dist/cli/main.js"))) {
      execFileSync("npm", ["run", "build"], { cwd: PROJECT_ROOT, stdio: "ignore" });
    }
    const dir = makeTempDir("baton-readme-main-");
    cleanups.push(dir);
    // Only the main job's own section: later sections show `npx baton` for other tasks.
    const mainJob = README.slice(
      README.indexOf("## The main job"),
      README.indexOf("\n## ", README.indexOf("## The main job") + 1),
    );
    const lines = [...mainJob.matchAll(/```sh\n([\s\S]*?)```/g)]
      .flatMap((match) => (match[1] ?? "").split("\n"))
      .filter((line) => line.startsWith("npx baton"));
    expect(lines.map((line) => line.split(" ")[2])).toEqual(["create", "resume"]);
    // The handoffs go to a temporary folder, not into this repository's docs/.
    const env = testEnv({ BATON_DIR: dir, BATON_ALLOW_OUTSIDE: "1" });
    const create = await shell(lines[0] ?? "", PROJECT_ROOT, env);
    expect(create.code, create.output).toBe(0);
    expect(create.output).toMatch(new RegExp(`${dir}/\\d{4}-\\d{2}-\\d{2}-[a-z0-9-]+\\.md`));
    const resume = await shell(lines[1] ?? "", PROJECT_ROOT, env);
    expect(resume.code, resume.output).toBe(0);
    expect(resume.output).toContain("Fix the token refresh race");
    expect(resume.output).toContain("baton: claimed");
  }, 180_000);
});
