import { spawn } from "node:child_process";

export interface ProcessResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface RunProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Written to stdin, which is then closed; stdin is closed at once when absent. */
  readonly input?: string;
  /**
   * Keep stdin open after `input` until stdout satisfies this (for agents that stop their
   * work when stdin closes, like an RPC mode that shuts down on EOF).
   */
  readonly closeStdinWhen?: (stdout: string) => boolean;
  /** Names the agent in the timeout message. */
  readonly label: string;
}

/**
 * Runs an agent to completion. The agent gets its own process group so a timeout can kill
 * everything it started (shells, language servers, MCP servers), and the promise rejects
 * with the output so far instead of letting the test hang.
 */
export function runAgentProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let stdinOpen = options.closeStdinWhen !== undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (stdinOpen && options.closeStdinWhen?.(stdout)) {
        stdinOpen = false;
        child.stdin.end();
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.on("error", () => {});
    if (stdinOpen) child.stdin.write(options.input ?? "");
    else child.stdin.end(options.input ?? "");
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${options.label}: could not start ${options.command}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // The agent may leave background children behind; they must not outlive the test.
      killGroup(child.pid);
      const durationMs = Date.now() - started;
      if (timedOut) {
        reject(
          new Error(
            `${options.label}: timed out after ${options.timeoutMs} ms; killed its process group.\n` +
              `stdout (tail): ${stdout.slice(-2000)}\nstderr (tail): ${stderr.slice(-2000)}`,
          ),
        );
        return;
      }
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr, durationMs });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
