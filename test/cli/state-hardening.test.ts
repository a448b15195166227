import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Handoff } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { hookCommandLine } from "../../src/integrations/claude-code/hook-command-line.ts";
import { spawnWorker, waitForExit } from "../store/spawn-workers.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import {
  type BatonRun,
  MAIN_TS,
  NODE_BIN,
  PROJECT_ROOT,
  runInProcess,
  spawnBaton,
  testEnv,
} from "./run-baton.ts";

const HOOK_MAIN_TS = join(PROJECT_ROOT, "src/cli/hook-main.ts");

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
function repo(branch = "feat/state"): TempRepo {
  const made = makeTempRepo({ branch });
  cleanups.push(() => made.cleanup());
  return made;
}
function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The documents of a folder, parsed; dot files (locks, temp files) are not documents. */
function documents(dir: string): Handoff[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md") && !name.startsWith("."))
    .map((name) => parseDocument(readFileSync(join(dir, name), "utf8"), { path: name }));
}
function hookLog(state: string): string {
  const path = join(state, "baton/hooks.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

function dotFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.startsWith("."));
}

/** A real process with a time limit of the test's own: one that never ends is killed and says so. */
function spawnWithin(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; stdin?: string | "keep-open" },
  limitMs: number,
): Promise<BatonRun & { killed: boolean; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, limitMs);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal === null ? -1 : 128),
        stdout,
        stderr,
        killed,
        ms: Date.now() - started,
      });
    });
    child.stdin.on("error", () => undefined);
    if (options.stdin !== "keep-open") child.stdin.end(options.stdin);
  });
}

describe("one open handoff per line of work", () => {
  it("64 concurrent `baton create` on one branch and topic leave one open (the newest), 63 superseded, none lost", async () => {
    const r = repo("feat/race");
    const runs = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        spawnBaton(["create", "--goal", `Goal ${i}`, "--topic", "race"], {
          cwd: r.dir,
          // 64 processes on a shared machine take minutes; the deadline is not tested here.
          env: { BATON_TIMEOUT_MS: "0", BATON_GIT_TIMEOUT_MS: "300000" },
        }),
      ),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    // The line of work is the branch: a create whose git ran past its timeout would have
    // no branch and so no line (git is given 5 minutes here, for a loaded machine).
    for (const run of runs) expect(run.stderr).not.toContain("without git facts");
    const dir = join(r.dir, "docs/handoffs");
    const all = documents(dir);
    expect(all).toHaveLength(64);
    expect(new Set(all.map((h) => h.sections.goal?.text))).toEqual(
      new Set(Array.from({ length: 64 }, (_, i) => `Goal ${i}`)),
    );
    const open = all.filter((h) => h.status === "open");
    expect(open).toHaveLength(1);
    expect(all.filter((h) => h.status === "superseded")).toHaveLength(63);
    const newest = [...all].sort(
      (a, b) =>
        Date.parse(b.created) - Date.parse(a.created) ||
        b.id.localeCompare(a.id, "en", { numeric: true }),
    )[0];
    expect(open[0]?.id).toBe(newest?.id);
    // Every superseded one names a handoff that exists, and the chain ends at the open one.
    const byId = new Map(all.map((h) => [h.id, h]));
    for (const handoff of all) {
      let current: Handoff | undefined = handoff;
      for (let steps = 0; current?.status === "superseded" && steps < 64; steps++) {
        current = byId.get(current.supersededBy ?? "");
      }
      expect(current?.id, handoff.id).toBe(open[0]?.id);
    }
    expect(dotFiles(dir)).toEqual([]);
  }, 600_000);

  it("an empty --goal or a misspelled JSON key is a usage error that supersedes nothing", async () => {
    const r = repo();
    const first = await runInProcess(["create", "--goal", "The real one"], { cwd: r.dir });
    expect(first.code).toBe(0);
    const path = join(r.dir, first.stdout.trim());
    const before = readFileSync(path, "utf8");
    const empty = await runInProcess(["create", "--goal", ""], { cwd: r.dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe("baton: --goal is empty; give it text or leave it out\n");
    const misspelled = await runInProcess(["create", "--stdin"], {
      cwd: r.dir,
      stdin: '{"goal": "x", "nxet_steps": ["y"]}',
    });
    expect(misspelled.code).toBe(2);
    expect(misspelled.stderr).toMatch(/^baton: stdin: unknown field "nxet_steps"/);
    expect(readFileSync(path, "utf8")).toBe(before);
    expect(documents(join(r.dir, "docs/handoffs"))).toHaveLength(1);
  });
});

describe("ack", () => {
  it("is all or nothing: an archive copy of the same name leaves the handoff as it was", async () => {
    const r = repo();
    const made = await runInProcess(["create", "--goal", "Ack me", "--json"], { cwd: r.dir });
    const { id, path } = JSON.parse(made.stdout) as { id: string; path: string };
    const before = readFileSync(path, "utf8");
    const copy = join(r.dir, "docs/handoffs/_archive", `${id}.md`);
    mkdirSync(join(r.dir, "docs/handoffs/_archive"));
    writeFileSync(copy, "someone else's file\n");
    const ack = await runInProcess(["ack", id], { cwd: r.dir });
    expect(ack.code).toBe(1);
    expect(ack.stderr).toContain("already exists");
    expect(readFileSync(path, "utf8")).toBe(before);
    expect(parseDocument(before).status).toBe("open");
    expect(readFileSync(copy, "utf8")).toBe("someone else's file\n");
  });

  it("--session of another session than the claim's is refused", async () => {
    const r = repo();
    const made = await runInProcess(["create", "--goal", "Claimed", "--json"], { cwd: r.dir });
    const { id, path } = JSON.parse(made.stdout) as { id: string; path: string };
    const env = { BATON_SESSION_ID: "right-session" };
    expect((await runInProcess(["resume", id], { cwd: r.dir, env })).code).toBe(0);
    for (const args of [
      ["ack", "--session", "WRONG"],
      ["ack", id, "--session", "WRONG"],
    ]) {
      const refused = await runInProcess(args, { cwd: r.dir });
      expect(refused.code, args.join(" ")).toBe(1);
      expect(refused.stderr).toMatch(/claim|claimed/);
      const stored = parseDocument(readFileSync(path, "utf8"));
      expect(stored.status).toBe("claimed");
      expect(stored.claim?.session).toBe("right-session");
    }
    const ack = await runInProcess(["ack", "--session", "right-session"], { cwd: r.dir });
    expect(ack.code).toBe(0);
    expect(existsSync(path)).toBe(false);
  });
});

describe("locks and leftovers", () => {
  it("a lock dated in the future does not block resume: it is broken with a message", async () => {
    const r = repo();
    const made = await runInProcess(["create", "--goal", "Locked", "--json"], { cwd: r.dir });
    const { id } = JSON.parse(made.stdout) as { id: string };
    // Held by a live process (this test's), dated a year ahead: it would never age.
    const future = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
    writeFileSync(
      join(r.dir, "docs/handoffs", `.${id}.lock`),
      JSON.stringify({ pid: process.pid, host: hostname(), at: future, token: "t" }),
    );
    const resume = await spawnBaton(["resume", id], { cwd: r.dir });
    expect(resume.code, resume.stderr).toBe(0);
    expect(resume.stderr).toContain(`broke the lock`);
    expect(resume.stderr).toContain(`is dated ${future}, in the future`);
  }, 120_000);

  it("after kill -9 during creates no document is partial, and the next command cleans what the dead left", async () => {
    const r = repo();
    const dir = join(r.dir, "docs/handoffs");
    let kills = 0;
    let left: string[] = [];
    // Kill writers at varying moments until one leaves something behind (usually the first).
    for (let round = 0; round < 12 && left.length === 0; round++) {
      const child = spawnWorker("store-worker.ts", ["create-forever", r.dir, "killed"]);
      const exited = waitForExit(child);
      await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
      child.stdin?.end("go\n");
      // Once it is writing (its first document is there), at a different moment each round.
      while (documents(dir).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 37));
      child.kill("SIGKILL");
      expect((await exited).signal).toBe("SIGKILL");
      kills++;
      for (const handoff of documents(dir)) expect(handoff.topic).toBe("killed");
      left = dotFiles(dir);
    }
    expect(left.length, `nothing left behind after ${kills} kills`).toBeGreaterThan(0);
    const next = await spawnBaton(["create", "--goal", "After the kills"], { cwd: r.dir });
    expect(next.code, next.stderr).toBe(0);
    expect(dotFiles(dir)).toEqual([]);
    if (left.some((name) => name.endsWith(".lock")))
      expect(next.stderr).toContain("broke the lock");
  }, 300_000);
});

describe("the handoff folder stays in the repository unless asked", () => {
  it("--dir, BATON_DIR or a link that leads outside is refused; --allow-outside or BATON_ALLOW_OUTSIDE=1 writes there and says so", async () => {
    const r = repo();
    const outside = tempDir("baton-outside-");
    const refusals: Array<[string[], Record<string, string>]> = [
      [["create", "--goal", "x", "--dir", outside], {}],
      [["create", "--goal", "x"], { BATON_DIR: outside }],
      [["list", "--dir", "../elsewhere"], {}],
    ];
    for (const [args, env] of refusals) {
      const run = await runInProcess(args, { cwd: r.dir, env });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(
        /outside the repository .*--allow-outside or set BATON_ALLOW_OUTSIDE=1/,
      );
    }
    expect(readdirSync(outside)).toEqual([]);

    mkdirSync(join(r.dir, "docs"));
    symlinkSync(outside, join(r.dir, "docs/handoffs"));
    const linked = await runInProcess(["create", "--goal", "x"], { cwd: r.dir });
    expect(linked.code).toBe(2);
    expect(linked.stderr).toContain(`resolves to ${outside}, which is outside the repository`);
    expect(readdirSync(outside)).toEqual([]);

    const allowed = await runInProcess(["create", "--goal", "x", "--allow-outside"], {
      cwd: r.dir,
    });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain(
      `baton: writing handoffs to ${outside}, outside the repository`,
    );
    const byEnv = await runInProcess(["create", "--goal", "y", "--dir", outside], {
      cwd: r.dir,
      env: { BATON_ALLOW_OUTSIDE: "1" },
    });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(documents(outside)).toHaveLength(2);
  });

  it("`create --dir /proc/x` fails at once instead of spinning", async (context) => {
    if (!existsSync("/proc/self")) return context.skip("no /proc on this system");
    const r = repo();
    const run = await spawnWithin(
      NODE_BIN,
      [MAIN_TS, "create", "--goal", "x", "--dir", "/proc/baton-x", "--allow-outside"],
      { cwd: r.dir, env: testEnv() },
      60_000,
    );
    expect(run.killed, "still running after 60 s").toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "baton: cannot create the handoff folder /proc/baton-x: the file system refuses new folders in /proc\n",
    );
  }, 120_000);
});

describe("hooks and commands end on their own", () => {
  /** The hook as Claude Code runs it: the command line `baton install` writes. */
  function hookShellLine(event: "PreCompact" | "SessionStart"): string {
    return hookCommandLine(event, { node: NODE_BIN, entry: MAIN_TS, hookEntry: HOOK_MAIN_TS });
  }

  it("a hook with XDG_STATE_HOME under /proc exits 0 instead of spinning", async (context) => {
    if (!existsSync("/proc/self")) return context.skip("no /proc on this system");
    const r = repo();
    const run = await spawnWithin(
      NODE_BIN,
      [HOOK_MAIN_TS, "claude-code", "NoSuchEvent"],
      { cwd: r.dir, env: testEnv({ XDG_STATE_HOME: "/proc/baton-x" }), stdin: "{}" },
      60_000,
    );
    expect(run.killed, "still running after 60 s").toBe(false);
    expect(run.code).toBe(0);
  }, 120_000);

  it("a command that waits for ever (stdin never closed) gives up at its deadline", async () => {
    const r = repo();
    const run = await spawnWithin(
      NODE_BIN,
      [MAIN_TS, "create", "--stdin"],
      { cwd: r.dir, env: testEnv({ BATON_TIMEOUT_MS: "1500" }), stdin: "keep-open" },
      60_000,
    );
    expect(run.killed, "still running after 60 s").toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "baton: create gave up after 1.5 s (its deadline; BATON_TIMEOUT_MS changes it)\n",
    );
    expect(existsSync(join(r.dir, "docs/handoffs"))).toBe(false);
  }, 120_000);

  it("a hook stuck reading a transcript that never ends gives up at its deadline, logs it and exits 0", async () => {
    const r = repo();
    const state = tempDir("baton-state-");
    const fifo = join(state, "transcript.jsonl");
    execFileSync("mkfifo", [fifo]);
    const input = JSON.stringify({
      session_id: "s-stuck",
      transcript_path: fifo,
      cwd: r.dir,
      hook_event_name: "PreCompact",
      trigger: "auto",
    });
    const run = await spawnWithin(
      "sh",
      ["-c", hookShellLine("PreCompact")],
      {
        cwd: r.dir,
        env: testEnv({ XDG_STATE_HOME: state, BATON_TIMEOUT_MS: "2000" }),
        stdin: input,
      },
      60_000,
    );
    expect(run.killed, "still running after 60 s").toBe(false);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(hookLog(state)).toMatch(/claude-code PreCompact: gave up after 2000 ms/);
  }, 120_000);

  it("a hook whose working folder does not exist logs one line and exits 0", async () => {
    const r = repo();
    const state = tempDir("baton-state-");
    const gone = join(r.dir, "gone");
    // The process's own folder removed under it.
    const removed = await spawnWithin(
      "sh",
      [
        "-c",
        `mkdir "${gone}" && cd "${gone}" && rmdir "${gone}" && exec "${NODE_BIN}" "${HOOK_MAIN_TS}" claude-code SessionStart`,
      ],
      { cwd: r.dir, env: testEnv({ XDG_STATE_HOME: state }), stdin: "{}" },
      60_000,
    );
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toBe("");
    expect(hookLog(state)).toMatch(
      /SessionStart: its working folder no longer exists; nothing done\n$/,
    );
    // The session's folder (the cwd in the hook's input) removed.
    const input = JSON.stringify({
      session_id: "s-gone",
      transcript_path: join(gone, "t.jsonl"),
      cwd: gone,
      hook_event_name: "PreCompact",
      trigger: "auto",
    });
    const missing = await spawnWithin(
      NODE_BIN,
      [HOOK_MAIN_TS, "claude-code", "PreCompact"],
      { cwd: r.dir, env: testEnv({ XDG_STATE_HOME: state }), stdin: input },
      60_000,
    );
    expect(missing.code).toBe(0);
    expect(hookLog(state).trimEnd().split("\n").at(-1)).toMatch(
      new RegExp(`PreCompact: the session's folder ${gone} does not exist; nothing done$`),
    );
    expect(existsSync(gone)).toBe(false);
  }, 120_000);
});

describe("the minimum Node", () => {
  /** Old Node binaries on this machine (the system's), below what baton needs. */
  function oldNodes(): string[] {
    const found = spawnSync("sh", ["-c", "which -a node nodejs 2>/dev/null"], { encoding: "utf8" })
      .stdout.split("\n")
      .filter((path) => path !== "");
    // The same binary under two names (/bin and /usr/bin) is tried once.
    const byInode = new Map(found.map((path) => [statSync(path).ino, path]));
    return [...byInode.values()].filter((path) => {
      const version = spawnSync(path, ["-v"], { encoding: "utf8" }).stdout.trim();
      const [major = 0, minor = 0] = version.slice(1).split(".").map(Number);
      return major < 22 || (major === 22 && minor < 13) || (major === 23 && minor < 4);
    });
  }

  it("on an older Node every command and hook says in one line which version it needs; install writes nothing", async (context) => {
    const nodes = oldNodes();
    if (nodes.length === 0) return context.skip("no Node older than 22.13 on this machine");
    // The published entry is the built one: build it if this checkout has not.
    if (!existsSync(join(PROJECT_ROOT, "dist/cli/node-version.js"))) {
      execFileSync("npm", ["run", "build"], { cwd: PROJECT_ROOT, stdio: "ignore" });
    }
    const r = repo();
    const state = tempDir("baton-state-");
    for (const node of nodes) {
      const version = spawnSync(node, ["-v"], { encoding: "utf8" }).stdout.trim();
      for (const args of [
        ["create", "--goal", "x"],
        ["sessions"],
        ["read", "abc"],
        ["list"],
        ["install", "claude-code"],
      ]) {
        const run = await spawnWithin(
          node,
          [join(PROJECT_ROOT, "dist/cli/main.js"), ...args],
          { cwd: r.dir, env: testEnv() },
          60_000,
        );
        expect(run.code, `${version} ${args[0]}`).toBe(1);
        expect(run.stderr).toBe(
          `baton needs Node.js 22.13 or newer (on the 23 line, 23.4 or newer); this is Node.js ${version}\n`,
        );
      }
      const hook = await spawnWithin(
        node,
        [join(PROJECT_ROOT, "dist/cli/hook-main.js"), "claude-code", "SessionStart"],
        { cwd: r.dir, env: testEnv({ XDG_STATE_HOME: state }), stdin: "{}" },
        60_000,
      );
      expect(hook.code).toBe(0);
      expect(hook.stdout).toBe("");
      expect(hookLog(state)).toContain(`this is Node.js ${version}`);
    }
    expect(existsSync(join(r.dir, ".claude"))).toBe(false);
    expect(existsSync(join(r.dir, "docs"))).toBe(false);
  }, 300_000);
});
