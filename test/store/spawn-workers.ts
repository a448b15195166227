import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The project's Node 24, which runs our TypeScript directly. */
export const NODE_BIN = fileURLToPath(new URL("../../node_modules/.bin/node", import.meta.url));

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

export interface WorkerResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
}

export function spawnWorker(
  script: string,
  args: string[],
  options: SpawnOptions = {},
): ChildProcess {
  return spawn(NODE_BIN, [fixturePath(script), ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: options.env ?? process.env,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
}

export function waitForExit(child: ChildProcess): Promise<WorkerResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Runs one script in `count` processes and releases them together: each prints "ready"
 * once loaded, and only when all are ready does each get "go" on stdin. Process start-up
 * takes far longer than the work, so without the barrier they would barely overlap.
 */
export async function runTogether(
  script: string,
  argsFor: (index: number) => string[],
  count: number,
  options: SpawnOptions = {},
): Promise<WorkerResult[]> {
  const children = Array.from({ length: count }, (_, index) =>
    spawnWorker(script, argsFor(index), options),
  );
  const results = children.map(waitForExit);
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          let seen = "";
          child.stdout?.on("data", (chunk: Buffer) => {
            seen += chunk.toString("utf8");
            if (seen.includes("ready\n")) resolve();
          });
          child.on("close", () => reject(new Error(`worker exited before ready: ${seen}`)));
        }),
    ),
  );
  for (const child of children) child.stdin?.end("go\n");
  return Promise.all(results);
}
