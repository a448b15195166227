import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { CliIo } from "../../src/cli/cli-io.ts";
import { runCli } from "../../src/cli/run-cli.ts";
import { gitTestEnv } from "../support/temp-repo.ts";

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const NODE_BIN = join(PROJECT_ROOT, "node_modules/.bin/node");
export const MAIN_TS = join(PROJECT_ROOT, "src/cli/main.ts");

export interface BatonRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  stdin?: string | Buffer;
  now?: Date;
  /** Pretend both ends are a terminal (for colour and prompt policy). */
  tty?: boolean;
}

/**
 * baton's state (hook logs, the sessions index) for runs that do not name a folder for it:
 * never under a HOME that is a recorded fixture in this repository.
 */
const STATE_HOME = mkdtempSync(join(tmpdir(), "baton-test-state-"));

/** A clean environment: git isolated from the developer's config, no inherited BATON_* or session. */
export function testEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  const base = { ...process.env, XDG_STATE_HOME: STATE_HOME, ...gitTestEnv, ...extra };
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (key.startsWith("BATON_") && !(key in extra)) continue;
    if (key === "CLAUDE_CODE_SESSION_ID" && !(key in extra)) continue;
    if (key === "NO_COLOR" && !(key in extra)) continue;
    env[key] = value;
  }
  return env;
}

/** Runs the CLI in this process with its own streams, environment, folder and clock. */
export async function runInProcess(args: string[], options: InProcessOptions): Promise<BatonRun> {
  const stdout = new PassThrough() as PassThrough & { isTTY?: boolean };
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  const stdin = Readable.from(
    options.stdin === undefined ? [] : [Buffer.from(options.stdin)],
  ) as Readable & { isTTY?: boolean };
  if (options.tty) {
    stdout.isTTY = true;
    stderr.isTTY = true;
  }
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const io: CliIo = {
    stdout,
    stderr,
    stdin,
    env: testEnv(options.env),
    cwd: options.cwd,
    now: () => options.now ?? new Date(),
    pid: 4242,
  };
  const code = await runCli(args, io);
  return {
    code,
    stdout: Buffer.concat(out).toString("utf8"),
    stderr: Buffer.concat(err).toString("utf8"),
  };
}

export interface SpawnOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  stdin?: string | Buffer;
  /** Run as another user (needs root): how a root test sees permissions as people do. */
  user?: { uid: number; gid: number };
}

/** Runs the real `baton` process (the source, under the project's Node 24). */
export function spawnBaton(args: string[], options: SpawnOptions): Promise<BatonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_BIN, [MAIN_TS, ...args], {
      cwd: options.cwd,
      env: testEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.user ?? {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({
        code: code ?? (signal === "SIGINT" ? 130 : -1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.stdin);
  });
}
